/** Shared data for model tests: the scikit-learn fixture and small seeded synthetic problems. */
import { seededRandom } from '../../core/random.ts';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createMatrix, type Matrix } from '../../models/matrix.ts';

interface SklearnFit {
  coef: number[];
  intercept: number;
  n_iter: number;
}

export interface SklearnFixture {
  sklearn_version: string;
  columns: string[];
  X: Matrix;
  y: Uint8Array;
  C: number;
  /** By class weighting, then by scikit-learn solver. */
  fits: Record<'none' | 'balanced', Record<'lbfgs' | 'newton-cholesky', SklearnFit>>;
  metrics: { scores: number[]; roc_auc: number; average_precision: number; log_loss: number; brier: number };
}

/** test/fixtures/sklearn_logreg.json (see make_sklearn_logreg_fixture.py). */
export function loadSklearnFixture(): SklearnFixture {
  const raw = JSON.parse(readFileSync(new URL('../fixtures/sklearn_logreg.json', import.meta.url), 'utf8'));
  const X = createMatrix(raw.X.length, raw.columns, Float64Array.from((raw.X as number[][]).flat()));
  return { ...raw, X, y: Uint8Array.from(raw.y) };
}

/** mulberry32, for test data that must not change between runs. */
export const seeded = seededRandom;

/**
 * A logistic problem with deliberately unscaled columns (means up to 500, spreads from 0.01 to
 * 1000), the kind of raw features that slow L-BFGS without its standardised reparameterisation.
 */
export function unscaledProblem(rows: number, cols: number, seed: number): { X: Matrix; y: Uint8Array } {
  const random = seeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const scale = Array.from({ length: cols }, (_, j) => 10 ** ((j % 6) - 2));
  const mean = Array.from({ length: cols }, (_, j) => (j % 3 === 0 ? 500 : j % 3 === 1 ? -3 : 0));
  const data = new Float64Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = -1.5;
    for (let j = 0; j < cols; j++) {
      const standard = normal();
      data[i * cols + j] = mean[j] + scale[j] * standard;
      z += (j % 2 === 0 ? 0.6 : -0.4) * standard;
    }
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: createMatrix(rows, Array.from({ length: cols }, (_, j) => `c${j}`), data), y };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] - b[j]));
  return m;
}

export function expectProbabilities(p: ArrayLike<number>): void {
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) expect.fail(`value ${i} is ${p[i]}, not a probability`);
  }
}
