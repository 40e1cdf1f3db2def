/**
 * How a config turns into a model recipe (an unfitted encoder and estimator of one kind), how a
 * recipe is fitted on a frame, and how a fitted one predicts a frame in batches. Training,
 * cross-validation and promotion all go through these, so they fit models the same way.
 */
import type { ResolvedConfig } from '../data/config.ts';
import type { Progress } from '../core/progress.ts';
import { FrameEncoder } from '../features/encoding/frameEncoder.ts';
import type { FeatureFrame } from '../features/frame/featureFrame.ts';
import type { Estimator, Explainer } from '../models/estimator.ts';
import { LogisticRegression } from '../models/logistic/LogisticRegression.ts';
import { NeuralNet } from '../models/neural/NeuralNet.ts';

export type ModelKindName = ResolvedConfig['model']['kinds'][number];
export type FittedModel = Estimator & Partial<Explainer>;

export interface FittedRecipe {
  encoder: FrameEncoder;
  model: FittedModel;
}

export function encoderFor(config: ResolvedConfig): FrameEncoder {
  const { min_category_count, max_categories, log_skew_threshold } = config.features;
  return new FrameEncoder({ min_category_count, max_categories, log_skew_threshold });
}

export function estimatorFor(kind: ModelKindName, config: ResolvedConfig): FittedModel {
  const m = config.model;
  if (kind === 'logreg') return new LogisticRegression({ C: m.C, classWeight: m.class_weight, solver: m.solver });
  const n = m.neural;
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return new NeuralNet(
    defined({
      hiddenLayers: n.hidden_layers,
      dropout: n.dropout,
      l2: n.l2,
      learningRate: n.learning_rate,
      batchSize: n.batch_size,
      maxEpochs: n.max_epochs,
      patience: n.patience,
      seed: n.seed,
      classWeight: m.class_weight,
    }),
  );
}

export function labelsOf(frame: FeatureFrame): Uint8Array {
  return Uint8Array.from(frame.label, (v) => (v === 1 ? 1 : 0));
}

/** Fits the encoder and a fresh estimator of `kind` on every row of `frame`. */
export async function fitRecipe(kind: ModelKindName, config: ResolvedConfig, frame: FeatureFrame, progress: Progress): Promise<FittedRecipe> {
  const encoder = encoderFor(config).fit(frame);
  const X = encoder.transform(frame);
  const model = estimatorFor(kind, config);
  // Solvers report every iteration or epoch; a person needs a line every few seconds at most.
  let lastLog = -Infinity;
  await model.fit(X, labelsOf(frame), {
    onProgress: (message) => {
      if (performance.now() - lastLog < 2000) return;
      lastLog = performance.now();
      progress.info(message);
    },
  });
  return { encoder, model };
}

const batchRows = 65_536;

/** Probabilities for every row of `frame`, encoded batch by batch through one reused buffer. */
export function predictFrame(recipe: FittedRecipe, frame: FeatureFrame): Float64Array {
  const out = new Float64Array(frame.rows);
  let buffer: Float64Array | undefined;
  for (let start = 0; start < frame.rows; start += batchRows) {
    const X = recipe.encoder.transformRows(frame, start, Math.min(frame.rows, start + batchRows), buffer);
    buffer = X.data;
    out.set(recipe.model.predictProba(X), start);
  }
  return out;
}
