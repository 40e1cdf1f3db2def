/**
 * `score --learn-blend`: logistic stacking of the model's log-odds and the rule score, fitted
 * on the model's holdout (pipelines/holdoutScores.ts), where both inputs are out-of-sample:
 *
 *   P(converted) = σ(intercept + a · logit(probability) + b · rule_score / 100)
 *
 * The reported AUCs are honest: model and rules are scored as they are (neither was fitted on
 * the holdout), and the blend's AUC is cross-fitted — the holdout is cut into stratified folds
 * and each fold is scored by the stack fitted on the others, so no lead is judged by a fit that
 * saw it. The blend used for scoring is then fitted on the whole holdout.
 *
 * The stack is the project's own LogisticRegression (Newton, C = 100: with two inputs and
 * hundreds of rows or more the penalty is negligible, and it keeps the fit finite when the
 * holdout is separable). `ruleShare` says how much of the blend's spread comes from the rules:
 * |b|·sd(rule) / (|a|·sd(logit) + |b|·sd(rule)) — 0 when the rules add nothing the model lacks.
 */
import { InputError } from '../../core/errors.ts';
import { logit } from '../../models/calibration/logit.ts';
import { rocAuc } from '../../models/evaluation/metrics.ts';
import { stratifiedKFold } from '../../models/evaluation/split.ts';
import { LogisticRegression } from '../../models/logistic/LogisticRegression.ts';
import { createMatrix } from '../../models/matrix.ts';
import { blendOne, blendScores, describeBlend, type StackedBlend } from './blend.ts';

export interface LearnedBlend {
  blend: StackedBlend;
  /** The blend as a formula, for people. */
  formula: string;
  /** Coefficients per standard deviation of each input: comparable with each other. */
  standardized: { model: number; rules: number };
  /** Share of the blend's spread that comes from the rules, 0–1. */
  ruleShare: number;
  /** ROC AUC on the holdout: model and rules as they are, the learned blend cross-fitted, and the config's weighted blend. */
  auc: { model: number; rules: number; blend: number; configured: number };
  /** What the AUCs were measured on. */
  holdout: { rows: number; positives: number; folds: number };
  /** Weight on the probability in the config's weighted blend (its AUC is `auc.configured`). */
  configuredWeight: number;
}

export interface LearnBlendInput {
  label: Uint8Array;
  /** Calibrated probabilities from a fit that never saw these leads. */
  probability: Float64Array;
  /** 0–100. */
  ruleScore: Float64Array;
}

export interface LearnBlendOptions {
  folds: number;
  seed: number;
  /** The config's blend weight, reported beside the learned blend. */
  configuredWeight: number;
}

const STACK_C = 100;

export function learnBlend(input: LearnBlendInput, options: LearnBlendOptions): LearnedBlend {
  const { label, probability, ruleScore } = input;
  const n = label.length;
  const positives = label.reduce((s, v) => s + v, 0);
  const { folds } = options;
  if (positives < folds || n - positives < folds) {
    throw new InputError(
      `cannot learn a blend on a holdout of ${n} leads with ${positives} converted: each of the ${folds} folds needs both outcomes`,
      { hint: 'train on more data, or set blend.weight instead of --learn-blend' },
    );
  }
  const modelLogit = Float64Array.from(probability, (p) => logit(p));
  const rules = Float64Array.from(ruleScore, (r) => r / 100);

  const outOfFold = new Float64Array(n);
  for (const { train, test } of stratifiedKFold(label, folds, options.seed)) {
    const stack = fitStack(modelLogit, rules, label, train);
    for (const row of test) outOfFold[row] = blendOne(stack, probability[row], ruleScore[row]);
  }
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const blend = fitStack(modelLogit, rules, label, all);
  const sd = { model: standardDeviation(modelLogit), rules: standardDeviation(rules) };
  const standardized = { model: blend.model * sd.model, rules: blend.rules * sd.rules };
  const spread = Math.abs(standardized.model) + Math.abs(standardized.rules);
  return {
    blend,
    formula: describeBlend(blend),
    standardized,
    ruleShare: spread > 0 ? Math.abs(standardized.rules) / spread : 0,
    auc: {
      model: rocAuc(label, probability),
      rules: rocAuc(label, ruleScore),
      blend: rocAuc(label, outOfFold),
      configured: rocAuc(label, blendScores({ kind: 'weighted', weight: options.configuredWeight }, probability, ruleScore)),
    },
    holdout: { rows: n, positives, folds },
    configuredWeight: options.configuredWeight,
  };
}

/** The stack fitted on `rows`. A constant input (e.g. every rule score 0) gets coefficient 0. */
function fitStack(modelLogit: Float64Array, rules: Float64Array, label: Uint8Array, rows: Uint32Array): StackedBlend {
  const inputs = [modelLogit, rules].map((values) => {
    const taken = Float64Array.from(rows, (r) => values[r]);
    return { values: taken, varies: standardDeviation(taken) > 0 };
  });
  const used = inputs.filter((input) => input.varies);
  const y = Uint8Array.from(rows, (r) => label[r]);
  const data = new Float64Array(rows.length * used.length);
  used.forEach((input, j) => input.values.forEach((v, i) => (data[i * used.length + j] = v)));
  const columns = used.map((_, j) => `x${j}`);
  const stack = new LogisticRegression({ C: STACK_C, solver: 'newton' });
  if (used.length === 0) {
    // Nothing varies: the stack is the base rate.
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    return { kind: 'stacked', intercept: Math.log(rate / (1 - rate)), model: 0, rules: 0 };
  }
  stack.fit(createMatrix(rows.length, columns, data), y);
  const coef = stack.coef;
  let j = 0;
  const next = (varies: boolean) => (varies ? coef[j++] : 0);
  return { kind: 'stacked', intercept: stack.intercept, model: next(inputs[0].varies), rules: next(inputs[1].varies) };
}

function standardDeviation(values: Float64Array): number {
  if (values.length < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}
