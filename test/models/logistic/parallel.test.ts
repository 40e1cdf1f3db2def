import { describe, expect, it } from 'vitest';
import { createMatrix } from '../../../models/matrix.ts';
import { LogisticRegression } from '../../../models/logistic/LogisticRegression.ts';
import { PARALLEL_MIN_VALUES } from '../../../models/logistic/parallelLossGradient.ts';
import { LogisticObjective } from '../../../models/logistic/objective.ts';

/** A deterministic synthetic problem just above the size where the second core joins in. */
function problem(rows: number, cols: number) {
  const X = createMatrix(rows, Array.from({ length: cols }, (_, j) => `x${j}`));
  const y = new Uint8Array(rows);
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  for (let i = 0; i < rows; i++) {
    let z = -0.5;
    for (let j = 0; j < cols; j++) {
      const v = next();
      X.data[i * cols + j] = v;
      z += (j % 3 === 0 ? 0.8 : -0.2) * v;
    }
    y[i] = (next() + 1) / 2 < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y };
}

describe('L-BFGS on two cores', () => {
  const cols = 40;
  const rows = Math.ceil(PARALLEL_MIN_VALUES / cols) + 1000;
  const { X, y } = problem(rows, cols);

  it('computes the same loss and gradient as one core', () => {
    const weight = new Float64Array(rows).fill(1);
    const one = new LogisticObjective(X.data, rows, cols, y, weight, 1);
    const two = new LogisticObjective(X.data, rows, cols, y, weight, 1);
    expect(two.useSecondCore()).toBe(true);
    const beta = Float64Array.from({ length: cols + 1 }, (_, j) => Math.sin(j) / 3);
    const g1 = new Float64Array(cols + 1);
    const g2 = new Float64Array(cols + 1);
    const v1 = one.valueAndGradient(beta, g1);
    const v2 = two.valueAndGradient(beta, g2);
    two.close();
    expect(v2).toBeCloseTo(v1, 12);
    for (let j = 0; j <= cols; j++) expect(g2[j]).toBeCloseTo(g1[j], 12);
  });

  it('fits the same model as Newton, and says it used two threads', () => {
    const lbfgs = new LogisticRegression({ solver: 'lbfgs' }).fit(X, y);
    const newton = new LogisticRegression({ solver: 'newton' }).fit(X, y);
    expect(lbfgs.describe().fit.threads).toBe(2);
    const a = lbfgs.coef;
    const b = newton.coef;
    for (let j = 0; j < cols; j++) expect(Math.abs(a[j] - b[j])).toBeLessThan(1e-4);
    expect(LogisticRegression.fromJSON(JSON.parse(JSON.stringify(lbfgs))).predictProba(X)[0]).toBe(lbfgs.predictProba(X)[0]);
  });
});
