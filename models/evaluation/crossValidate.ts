/**
 * k-fold cross-validation over stratified folds (split.ts): the caller fits on each fold's
 * training rows and returns probabilities for its test rows; this module scores every fold and
 * summarises. Folds run one after another: each fit may already use every core.
 */
import { InputError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';
import { evaluate, type MetricSet } from './evaluate.ts';
import { stratifiedKFold } from './split.ts';

/** Fits on `train` rows and returns one probability per `test` row, in `test` order. */
export type FitPredict = (train: Uint32Array, test: Uint32Array) => Promise<Float64Array> | Float64Array;

export interface FoldResult {
  fold: number;
  trainRows: number;
  testRows: number;
  metrics: MetricSet;
}

export interface CrossValidationResult {
  k: number;
  seed: number;
  folds: FoldResult[];
  /** Mean of each metric over folds (NaN if any fold's is NaN). */
  mean: MetricSet;
  /**
   * Population standard deviation over folds (numpy's default, ddof = 0): the spread of these k
   * folds, not an estimate for other splits; with k = 5 the sample version (ddof = 1) is
   * √(5/4) ≈ 1.12 times larger.
   */
  std: MetricSet;
  /** Every row's probability from the fold that held it out, as cross_val_predict. */
  outOfFold: Float64Array;
}

export async function crossValidate(k: number, y: Labels, seed: number, fitPredict: FitPredict): Promise<CrossValidationResult> {
  const splits = stratifiedKFold(y, k, seed);
  const outOfFold = new Float64Array(y.length).fill(NaN);
  const folds: FoldResult[] = [];
  for (let f = 0; f < splits.length; f++) {
    const { train, test } = splits[f];
    const p = await fitPredict(train, test);
    if (p.length !== test.length) {
      throw new InputError(`crossValidate: fold ${f + 1} returned ${p.length} probabilities for ${test.length} test rows`, {
        received: p.length,
        expected: `${test.length}`,
      });
    }
    const yTest = new Uint8Array(test.length);
    for (let r = 0; r < test.length; r++) {
      yTest[r] = y[test[r]];
      outOfFold[test[r]] = p[r];
    }
    folds.push({ fold: f + 1, trainRows: train.length, testRows: test.length, metrics: evaluate(yTest, p) });
  }
  const { mean, std } = summarise(folds.map((fold) => fold.metrics));
  return { k, seed, folds, mean, std, outOfFold };
}

function summarise(sets: MetricSet[]): { mean: MetricSet; std: MetricSet } {
  const keys = Object.keys(sets[0]) as Array<keyof MetricSet>;
  const mean = {} as MetricSet;
  const std = {} as MetricSet;
  for (const key of keys) {
    let sum = 0;
    for (const set of sets) sum += set[key];
    const m = sum / sets.length;
    let squares = 0;
    for (const set of sets) squares += (set[key] - m) ** 2;
    mean[key] = m;
    std[key] = Math.sqrt(squares / sets.length);
  }
  return { mean, std };
}
