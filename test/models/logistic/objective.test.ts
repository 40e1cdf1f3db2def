import { describe, expect, it } from 'vitest';
import { choleskySolve } from '../../../models/logistic/cholesky.ts';
import { LogisticObjective } from '../../../models/logistic/objective.ts';
import { StandardisedObjective } from '../../../models/logistic/standardised.ts';
import { seeded } from '../modelFixtures.ts';

/** Column counts around the 4-way unrolling and the 2 × 4 Hessian tiles, to hit every remainder. */
const WIDTHS = [1, 2, 3, 4, 5, 7, 8, 9];

function problem(rows: number, cols: number, seed: number) {
  const random = seeded(seed);
  const data = Float64Array.from({ length: rows * cols }, () => 4 * random() - 2);
  const y = Uint8Array.from({ length: rows }, () => (random() < 0.3 ? 1 : 0));
  const weight = Float64Array.from({ length: rows }, () => 0.5 + random());
  const beta = Float64Array.from({ length: cols + 1 }, () => random() - 0.5);
  return { objective: new LogisticObjective(data, rows, cols, y, weight, 0.7), beta, data, y, weight };
}

/** Central differences of f along each coordinate. */
function numericGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[j] += h;
    minus[j] -= h;
    g[j] = (f(plus) - f(minus)) / (2 * h);
  }
  return g;
}

describe('LogisticObjective', () => {
  it('value is scikit-learn’s objective divided by C·Σs', () => {
    const { objective, beta, data, y, weight } = problem(40, 3, 1);
    let loss = 0;
    for (let i = 0; i < 40; i++) {
      let z = beta[3];
      for (let j = 0; j < 3; j++) z += data[i * 3 + j] * beta[j];
      const p = 1 / (1 + Math.exp(-z));
      loss -= weight[i] * (y[i] ? Math.log(p) : Math.log(1 - p));
    }
    const sklearn = 0.5 * (beta[0] ** 2 + beta[1] ** 2 + beta[2] ** 2) + 0.7 * loss;
    expect(objective.toSklearnObjective(objective.value(beta))).toBeCloseTo(sklearn, 10);
  });

  for (const cols of WIDTHS) {
    it(`gradient and Hessian match finite differences (${cols} columns)`, () => {
      const { objective, beta } = problem(37, cols, cols);
      const dim = cols + 1;
      const g = new Float64Array(dim);
      const value = objective.valueAndGradient(beta, g);
      expect(value).toBeCloseTo(objective.value(beta), 14);
      const numeric = numericGradient((x) => objective.value(x), beta);
      for (let j = 0; j < dim; j++) expect(g[j]).toBeCloseTo(numeric[j], 8);

      const g2 = new Float64Array(dim);
      const H = new Float64Array(dim * dim);
      expect(objective.valueGradientHessian(beta, g2, H)).toBeCloseTo(value, 14);
      for (let j = 0; j < dim; j++) expect(g2[j]).toBeCloseTo(g[j], 14);
      for (let k = 0; k < dim; k++) {
        const column = numericGradient((x) => {
          const gx = new Float64Array(dim);
          objective.valueAndGradient(x, gx);
          return gx[k];
        }, beta);
        for (let j = 0; j < dim; j++) {
          expect(H[j * dim + k]).toBeCloseTo(column[j], 7);
          expect(H[j * dim + k]).toBe(H[k * dim + j]);
        }
      }
    });
  }

  it('stays finite for extreme margins', () => {
    const objective = new LogisticObjective(Float64Array.from([1e4, -1e4]), 2, 1, Uint8Array.from([0, 1]), Float64Array.from([1, 1]), 1);
    const g = new Float64Array(2);
    const value = objective.valueAndGradient(Float64Array.from([1, 0]), g);
    expect(value).toBeCloseTo(1e4 + 0.5 / 2, 6);
    expect(Number.isFinite(g[0]) && Number.isFinite(g[1])).toBe(true);
  });
});

describe('StandardisedObjective', () => {
  it('is the same function in shifted and scaled coordinates', () => {
    const { objective, beta } = problem(50, 4, 3);
    const mean = Float64Array.from([0.3, -1, 2, 0]);
    const scale = Float64Array.from([2, 0.5, 10, 1]);
    const view = new StandardisedObjective(objective, mean, scale);
    const u = new Float64Array(5);
    view.fromOriginal(beta, u);
    const back = new Float64Array(5);
    view.toOriginal(u, back);
    for (let j = 0; j < 5; j++) expect(back[j]).toBeCloseTo(beta[j], 14);

    const gu = new Float64Array(5);
    const g = new Float64Array(5);
    expect(view.valueAndGradient(u, gu)).toBeCloseTo(objective.valueAndGradient(beta, g), 14);
    const numeric = numericGradient((x) => view.valueAndGradient(x, new Float64Array(5)), u);
    for (let j = 0; j < 5; j++) expect(gu[j]).toBeCloseTo(numeric[j], 8);
    expect(view.stationarity(gu)).toBeCloseTo(objective.stationarity(g), 14);

    const H = new Float64Array(25);
    const gu2 = new Float64Array(5);
    expect(view.valueGradientHessian(u, gu2, H)).toBeCloseTo(view.value(u), 14);
    for (let j = 0; j < 5; j++) expect(gu2[j]).toBeCloseTo(gu[j], 14);
    for (let k = 0; k < 5; k++) {
      const column = numericGradient((x) => {
        const gx = new Float64Array(5);
        view.valueAndGradient(x, gx);
        return gx[k];
      }, u);
      for (let j = 0; j < 5; j++) expect(H[j * 5 + k]).toBeCloseTo(column[j], 7);
    }
  });
});

describe('choleskySolve', () => {
  it('solves a symmetric positive-definite system', () => {
    const A = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const copy = Float64Array.from(A);
    const x = new Float64Array(3);
    expect(choleskySolve(A, 3, Float64Array.from([1, 2, 3]), x)).toBe(true);
    for (let i = 0; i < 3; i++) {
      const row = copy[i * 3] * x[0] + copy[i * 3 + 1] * x[1] + copy[i * 3 + 2] * x[2];
      expect(row).toBeCloseTo(i + 1, 12);
    }
  });

  it('reports a matrix that is not positive definite', () => {
    expect(choleskySolve(Float64Array.from([1, 2, 2, 1]), 2, Float64Array.from([1, 1]), new Float64Array(2))).toBe(false);
  });
});
