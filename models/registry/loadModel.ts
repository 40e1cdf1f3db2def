/**
 * The one place that knows each model kind: how to load a fitted one from an artifact, and how
 * to make an unfitted one with the same parameters (promotion refits recipes to compare them
 * fairly). A new kind is one more entry in `kinds`.
 */
import { LeadscoreError } from '../../core/errors.ts';
import { FrameEncoder } from '../../features/encoding/frameEncoder.ts';
import type { Estimator, Explainer } from '../estimator.ts';
import { LogisticRegression, type LogisticRegressionParams } from '../logistic/LogisticRegression.ts';
import { NeuralNet, type NeuralNetParams } from '../neural/NeuralNet.ts';
import type { ModelArtifact } from './artifact.ts';

/** A model; `contributions` is there when the kind can explain single predictions. */
export type LoadedEstimator = Estimator & Partial<Explainer>;

interface ModelKind {
  load(json: unknown): LoadedEstimator;
  /** Unfitted, with `params` as reported by a fitted model's `params`. */
  create(params: Readonly<Record<string, unknown>>): LoadedEstimator;
}

const kinds: Record<string, ModelKind> = {
  logreg: {
    load: (json) => LogisticRegression.fromJSON(json),
    create: (params) => new LogisticRegression(params as Partial<LogisticRegressionParams>),
  },
  neural: {
    load: (json) => NeuralNet.fromJSON(json),
    create: (params) => new NeuralNet(params as Partial<NeuralNetParams>),
  },
};

export const modelKinds: readonly string[] = Object.keys(kinds);

function kindOf(artifact: ModelArtifact): ModelKind {
  if (Object.hasOwn(kinds, artifact.kind)) return kinds[artifact.kind];
  throw new LeadscoreError('model', `model ${artifact.id} is of kind "${artifact.kind}", which this leadscore cannot load`, {
    received: artifact.kind,
    expected: `one of: ${modelKinds.join(', ')}`,
    hint: 'upgrade leadscore, or retrain the model with this version',
  });
}

/** The fitted encoder and model of an artifact, ready to score. */
export function loadModel(artifact: ModelArtifact): { encoder: FrameEncoder; model: LoadedEstimator } {
  return { encoder: FrameEncoder.fromJSON(artifact.encoder), model: kindOf(artifact).load(artifact.model) };
}

/** An unfitted encoder and model with the artifact's parameters: its recipe, to fit on other rows. */
export function modelRecipe(artifact: ModelArtifact): { encoder: FrameEncoder; model: LoadedEstimator } {
  const fitted = loadModel(artifact);
  return { encoder: new FrameEncoder(fitted.encoder.params), model: kindOf(artifact).create(fitted.model.params as Record<string, unknown>) };
}
