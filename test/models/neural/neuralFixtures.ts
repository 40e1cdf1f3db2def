/** Small seeded problems for the neural-net tests. */
import { createMatrix, type Matrix } from '../../../models/matrix.ts';
import { seeded } from '../modelFixtures.ts';

function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * P(y = 1) = σ(3·c0·c1) with two pure-noise columns: a pure interaction, invisible to a linear
 * model (each column alone carries no signal).
 */
export function xorProblem(rows: number, seed: number): { X: Matrix; y: Uint8Array } {
  const random = seeded(seed);
  const normal = gaussian(random);
  const cols = 4;
  const data = new Float64Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = normal();
    y[i] = random() < 1 / (1 + Math.exp(-3 * data[i * cols] * data[i * cols + 1])) ? 1 : 0;
  }
  return { X: createMatrix(rows, ['c0', 'c1', 'c2', 'c3'], data), y };
}

/** Labels independent of the features, with `positiveRate` positives. */
export function noiseProblem(rows: number, cols: number, seed: number, positiveRate = 0.3): { X: Matrix; y: Uint8Array } {
  const random = seeded(seed);
  const normal = gaussian(random);
  const data = Float64Array.from({ length: rows * cols }, normal);
  const y = Uint8Array.from({ length: rows }, () => (random() < positiveRate ? 1 : 0));
  return { X: createMatrix(rows, Array.from({ length: cols }, (_, j) => `n${j}`), data), y };
}

/** One linear signal in column `s0` among noise columns, with `positiveRate` positives at the mean. */
export function linearProblem(rows: number, seed: number, intercept = 0): { X: Matrix; y: Uint8Array } {
  const random = seeded(seed);
  const normal = gaussian(random);
  const cols = 5;
  const data = Float64Array.from({ length: rows * cols }, normal);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) y[i] = random() < 1 / (1 + Math.exp(-(intercept + 2 * data[i * cols]))) ? 1 : 0;
  return { X: createMatrix(rows, ['s0', 'n1', 'n2', 'n3', 'n4'], data), y };
}
