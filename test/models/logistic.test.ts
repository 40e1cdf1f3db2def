import { describe, expect, it } from 'vitest';
import { ConfigError, InputError, LeadscoreError, NotFittedError } from '../../core/errors.ts';
import { chooseSolver, LogisticRegression, type LogisticSolver } from '../../models/logistic/LogisticRegression.ts';
import { createMatrix, takeRows } from '../../models/matrix.ts';
import { expectProbabilities, loadSklearnFixture, maxAbsDiff, unscaledProblem } from './modelFixtures.ts';

const fixture = loadSklearnFixture();
const { X, y } = fixture;

function fitted(solver: LogisticSolver, classWeight: 'balanced' | null = null, extra: { tol?: number; maxIter?: number } = {}) {
  return new LogisticRegression({ solver, classWeight, ...extra }).fit(X, y);
}

/** Max |Δ| over coefficients and intercept. */
function gap(model: LogisticRegression, reference: { coef: ArrayLike<number>; intercept: number }): number {
  return Math.max(maxAbsDiff(model.coef, reference.coef), Math.abs(model.intercept - reference.intercept));
}

describe('LogisticRegression against scikit-learn (test/fixtures/sklearn_logreg.json)', () => {
  for (const weighting of ['none', 'balanced'] as const) {
    for (const solver of ['newton', 'lbfgs'] as const) {
      it(`${solver}, class_weight=${weighting}: coefficients within 1e-3 of sklearn ${fixture.sklearn_version} lbfgs`, () => {
        const model = fitted(solver, weighting === 'balanced' ? 'balanced' : null);
        expect(model.describe().fit).toMatchObject({ solver, converged: true });
        expect(gap(model, fixture.fits[weighting].lbfgs)).toBeLessThan(1e-3);
      });
    }

    it(`newton, class_weight=${weighting}: matches sklearn newton-cholesky to 1e-7`, () => {
      // sklearn's own lbfgs stops ~2e-5 short of the optimum (see the fixture script); its
      // Newton solver does not, and ours must agree with it far more tightly than 1e-3.
      expect(gap(fitted('newton', weighting === 'balanced' ? 'balanced' : null), fixture.fits[weighting]['newton-cholesky'])).toBeLessThan(1e-7);
    });
  }
});

describe('solvers', () => {
  it('newton and lbfgs converge to the same optimum', () => {
    const newton = fitted('newton', null, { tol: 1e-10 });
    const lbfgs = fitted('lbfgs', null, { tol: 1e-10 });
    expect(gap(lbfgs, { coef: newton.coef, intercept: newton.intercept })).toBeLessThan(1e-6);
    const [a, b] = [newton.describe().fit, lbfgs.describe().fit];
    expect(Math.abs((a.objective as number) - (b.objective as number))).toBeLessThan(1e-8 * (a.objective as number));
  });

  it('newton and lbfgs agree on unscaled columns (means up to 500, spreads from 0.01 to 1000)', () => {
    const { X: U, y: yu } = unscaledProblem(3000, 9, 7);
    const newton = new LogisticRegression({ solver: 'newton', tol: 1e-10 }).fit(U, yu);
    const lbfgs = new LogisticRegression({ solver: 'lbfgs', tol: 1e-10 }).fit(U, yu);
    expect(newton.describe().fit).toMatchObject({ converged: true });
    expect(newton.describe().fit.iterations).toBeLessThanOrEqual(10);
    // L-BFGS may flatten out before a 1e-10 gradient here (column 0, mean 500 and spread 0.01,
    // turns rounding noise in the intercept into a large raw gradient); it must then say so,
    // and still be at the optimum in standardised units (coefficient × column spread).
    const { stopReason, iterations } = lbfgs.describe().fit;
    expect(['gradient', 'stalled']).toContain(stopReason);
    expect(iterations).toBeLessThan(100);
    const spread = [0.01, 0.1, 1, 10, 100, 1000, 0.01, 0.1, 1];
    const standardised = (model: LogisticRegression) => model.coef.map((c, j) => c * spread[j]);
    expect(maxAbsDiff(standardised(newton), standardised(lbfgs))).toBeLessThan(1e-6);
    const centred = (model: LogisticRegression) => model.intercept + model.coef.reduce((s, c, j) => s + c * (j % 3 === 0 ? 500 : j % 3 === 1 ? -3 : 0), 0);
    expect(Math.abs(centred(newton) - centred(lbfgs))).toBeLessThan(1e-6);
  });

  it('newton converges in a handful of iterations', () => {
    const fit = fitted('newton').describe().fit;
    expect(fit.iterations).toBeLessThanOrEqual(10);
    expect(fit.gradientNorm).toBeLessThan(1e-9);
  });

  it('auto picks newton for few columns or small data and lbfgs for 1M rows × 60 columns', () => {
    expect(fitted('auto').describe().fit.solver).toBe('newton');
    expect(chooseSolver(2000, 8)).toBe('newton');
    expect(chooseSolver(1_000_000, 30)).toBe('newton');
    expect(chooseSolver(1_000_000, 60)).toBe('lbfgs');
    expect(chooseSolver(5_000, 60)).toBe('newton');
  });

  it('stopping at maxIter reports converged: false', () => {
    const fit = fitted('newton', null, { maxIter: 1 }).describe().fit;
    expect(fit).toMatchObject({ converged: false, stopReason: 'max-iter', iterations: 1 });
  });

  it('gradient-descent wraps ml-logistic-regression as an unregularised baseline', () => {
    const model = fitted('gradient-descent', null, { maxIter: 200 });
    const fit = model.describe().fit;
    expect(fit).toMatchObject({ solver: 'gradient-descent', stopReason: 'fixed-steps', converged: false });
    expectProbabilities(model.predictProba(X));
    // It ranks sensibly but is not at the regularised optimum.
    const gapToSklearn = gap(model, fixture.fits.none['newton-cholesky']);
    expect(gapToSklearn).toBeGreaterThan(1e-3);
    expect(gapToSklearn).toBeLessThan(0.5);
  });
});

describe('weights', () => {
  it('integer sample weights equal duplicated rows', () => {
    const rows = 300;
    const part = takeRows(X, Array.from({ length: rows }, (_, i) => i));
    const labels = y.subarray(0, rows);
    const weight = Float64Array.from({ length: rows }, (_, i) => 1 + (i % 3));
    const duplicated: number[] = [];
    for (let i = 0; i < rows; i++) for (let k = 0; k < weight[i]; k++) duplicated.push(i);
    const weighted = new LogisticRegression({ solver: 'newton' }).fit(part, labels, { sampleWeight: weight });
    const repeated = new LogisticRegression({ solver: 'newton' }).fit(takeRows(X, duplicated), Uint8Array.from(duplicated, (i) => y[i]));
    expect(gap(weighted, { coef: repeated.coef, intercept: repeated.intercept })).toBeLessThan(1e-9);
  });

  it("classWeight 'balanced' equals sample weights n / (2 · n_class)", () => {
    const n = y.length;
    const positives = y.reduce((s, v) => s + v, 0);
    const weight = Float64Array.from(y, (v) => (v === 1 ? n / (2 * positives) : n / (2 * (n - positives))));
    const explicit = new LogisticRegression({ solver: 'newton' }).fit(X, y, { sampleWeight: weight });
    expect(gap(fitted('newton', 'balanced'), { coef: explicit.coef, intercept: explicit.intercept })).toBeLessThan(1e-10);
  });
});

describe('prediction and persistence', () => {
  const model = fitted('newton');

  it('predictProba is the logistic of decisionFunction', () => {
    const p = model.predictProba(X);
    const z = model.decisionFunction(X);
    expectProbabilities(p);
    for (let i = 0; i < 50; i++) expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-z[i])), 14);
  });

  it('toJSON / fromJSON round-trips through JSON text', () => {
    const restored = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.fitted).toBe(true);
    expect(Array.from(restored.predictProba(X))).toEqual(Array.from(model.predictProba(X)));
    expect(restored.describe()).toEqual(model.describe());
    expect(restored.params).toEqual(model.params);
  });

  it('fromJSON rejects malformed artifacts with a model error', () => {
    const json = model.toJSON();
    const attempts: unknown[] = [null, { ...json, kind: 'tree' }, { ...json, coef: json.coef.slice(1) }, { ...json, intercept: 'x' }, { ...json, params: { C: -1 } }];
    for (const bad of attempts) {
      expect(() => LogisticRegression.fromJSON(bad)).toThrow(LeadscoreError);
      try {
        LogisticRegression.fromJSON(bad);
      } catch (error) {
        expect((error as LeadscoreError).code).toBe('model');
      }
    }
  });

  it('rejects data whose columns differ from training', () => {
    const renamed = createMatrix(X.rows, X.columns.map((c, j) => (j === 2 ? 'other' : c)), X.data);
    expect(() => model.predictProba(renamed)).toThrow(/missing: x2/);
    const narrow = createMatrix(1, X.columns.slice(0, 7), X.data.slice(0, 7));
    expect(() => model.predictProba(narrow)).toThrow(/trained on 8 columns, the data has 7/);
  });

  it('contributions are w_j · (x_ij − mean_j), largest first, summing to the log-odds gap to the mean row', () => {
    const row = 17;
    const all = model.contributions(X, row, X.cols);
    expect(all).toHaveLength(X.cols);
    for (let k = 1; k < all.length; k++) expect(Math.abs(all[k - 1].logOdds)).toBeGreaterThanOrEqual(Math.abs(all[k].logOdds));
    const means = model.toJSON().means;
    const meanRow = createMatrix(1, X.columns, Float64Array.from(means));
    const sum = all.reduce((s, c) => s + c.logOdds, 0);
    expect(sum).toBeCloseTo(model.decisionFunction(takeRows(X, [row]))[0] - model.decisionFunction(meanRow)[0], 12);
    const j = X.columns.indexOf(all[0].column);
    expect(all[0].logOdds).toBeCloseTo(model.coef[j] * (X.data[row * X.cols + j] - means[j]), 14);
    expect(model.contributions(X, row, 3)).toEqual(all.slice(0, 3));
  });

  it('describe reports the fit', () => {
    const d = model.describe();
    expect(d.kind).toBe('logistic-regression');
    expect(d.params).toEqual({ C: 1, classWeight: null, solver: 'newton', maxIter: 500, tol: 1e-6 });
    for (const key of ['solver', 'iterations', 'converged', 'objective', 'gradientNorm', 'seconds']) expect(d.fit).toHaveProperty(key);
  });
});

describe('errors', () => {
  it('throws NotFittedError before fit', () => {
    const model = new LogisticRegression();
    expect(model.fitted).toBe(false);
    expect(() => model.predictProba(X)).toThrow(NotFittedError);
    expect(() => model.contributions(X, 0, 3)).toThrow(NotFittedError);
    expect(() => model.toJSON()).toThrow(NotFittedError);
    expect(() => model.coef).toThrow(NotFittedError);
    expect(model.describe().fit).toEqual({});
  });

  it('rejects invalid parameters with ConfigError', () => {
    expect(() => new LogisticRegression({ C: 0 })).toThrow(ConfigError);
    expect(() => new LogisticRegression({ tol: -1 })).toThrow(ConfigError);
    expect(() => new LogisticRegression({ maxIter: 2.5 })).toThrow(ConfigError);
    expect(() => new LogisticRegression({ solver: 'sag' as LogisticSolver })).toThrow(/solver must be one of/);
    expect(() => new LogisticRegression({ solver: 'gradient-descent', classWeight: 'balanced' })).toThrow(ConfigError);
  });

  it('rejects unusable training data with InputError', () => {
    const tiny = createMatrix(3, ['a'], Float64Array.from([1, 2, 3]));
    const model = new LogisticRegression();
    expect(() => model.fit(tiny, Uint8Array.from([1, 1, 1]))).toThrow(/only positives/);
    expect(() => model.fit(tiny, Uint8Array.from([0, 1, 2]))).toThrow(/row 2 is 2/);
    expect(() => model.fit(tiny, Uint8Array.from([0, 1]))).toThrow(InputError);
    expect(() => model.fit(createMatrix(3, ['a'], Float64Array.from([1, NaN, 3])), Uint8Array.from([0, 1, 0]))).toThrow(/row 1, column a: NaN/);
    expect(() => model.fit(tiny, Uint8Array.from([0, 1, 0]), { sampleWeight: Float64Array.from([1, -1, 1]) })).toThrow(/sampleWeight at row 1/);
    expect(() => new LogisticRegression({ solver: 'gradient-descent' }).fit(tiny, Uint8Array.from([0, 1, 0]), { sampleWeight: new Float64Array(3).fill(1) })).toThrow(/does not support sample weights/);
  });
});
