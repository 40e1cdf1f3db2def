/**
 * L2-regularised logistic regression with an unpenalised intercept, minimising exactly
 * scikit-learn's objective `0.5·||w||² + C·Σ_i s_i·logloss_i`, so coefficients agree with
 * `sklearn.linear_model.LogisticRegression(C=…)` (test/fixtures/sklearn_logreg.json).
 *
 * The solvers (newton.ts, lbfgs.ts) are written by hand on Float64Arrays because no maintained
 * JavaScript package reaches this regularised optimum: ml-logistic-regression, the obvious
 * candidate, is fixed-step gradient descent with no penalty, no weights and no convergence test
 * (it survives only as the `gradient-descent` baseline). Owning the loops also lets the one
 * expensive part, the pass over 1M rows × 100 columns, be a single allocation-free sweep.
 */
import { checkTrainingColumns, classWeightedRows, checkContributionArgs, largestContributions } from '../estimatorInputs.ts';
import { ConfigError, InputError, LeadscoreError, NotFittedError } from '../../core/errors.ts';
import type { Contribution, Estimator, Explainer, FitOptions, Labels, ModelDescription } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { gradientDescentBaseline } from './gradientDescent.ts';
import { lbfgs } from './lbfgs.ts';
import { margin, sigmoid } from './margin.ts';
import { newton } from './newton.ts';
import { LogisticObjective } from './objective.ts';
import type { SolverResult, StopReason } from './solver.ts';
import { StandardisedObjective } from './standardised.ts';

export type LogisticSolver = 'auto' | 'newton' | 'lbfgs' | 'gradient-descent';

export interface LogisticRegressionParams {
  /** Inverse regularisation strength, as in scikit-learn. */
  C: number;
  /** 'balanced' weights each class by n / (2 · n_class), multiplied into any sample weights. */
  classWeight: 'balanced' | null;
  solver: LogisticSolver;
  /** Newton or L-BFGS iterations; gradient steps for the baseline. */
  maxIter: number;
  /**
   * Stop when the largest gradient component of the objective divided by C·Σs (a per-row
   * average, independent of the row count, as in scikit-learn's newton-cholesky) is ≤ tol.
   */
  tol: number;
}

export const DEFAULT_LOGISTIC_PARAMS: Readonly<LogisticRegressionParams> = {
  C: 1,
  classWeight: null,
  solver: 'auto',
  maxIter: 500,
  tol: 1e-6,
};

/** What a fit reports in `describe().fit` and keeps in the artifact. */
export interface LogisticFitReport {
  /** The solver that ran (`auto` resolved). */
  solver: Exclude<LogisticSolver, 'auto'>;
  iterations: number;
  /** Passes over the data. */
  evaluations: number;
  converged: boolean;
  stopReason: StopReason | 'fixed-steps';
  /** scikit-learn's objective 0.5·||w||² + C·Σ s_i·logloss_i at the solution. */
  objective: number;
  /** Max |gradient| of the scaled objective at the solution (compared with tol). */
  gradientNorm: number;
  seconds: number;
  rows: number;
  /** Threads the data passes ran on (2 for large L-BFGS fits); absent in older artifacts. */
  threads?: number;
}

/** The saved form: parameters, learned state, and the fit report. */
export interface LogisticRegressionJSON {
  kind: 'logistic-regression';
  format: 1;
  params: LogisticRegressionParams;
  columns: string[];
  coef: number[];
  intercept: number;
  /** Training column means, the reference point of `contributions`. */
  means: number[];
  fit: LogisticFitReport;
}

interface FittedState {
  columns: readonly string[];
  /** [w…, b], the layout `margin` reads. */
  beta: Float64Array;
  means: Float64Array;
  report: LogisticFitReport;
}

const KIND = 'logistic-regression';
const SOLVERS: readonly LogisticSolver[] = ['auto', 'newton', 'lbfgs', 'gradient-descent'];

/**
 * Multiply-adds of one Newton Hessian pass, n·(p+1)²/2, below which Newton is chosen whatever p:
 * ~0.5 s per iteration on this kind of machine, and its answer is exact to machine precision. Raised from
 * 5e7 after the demo data (36k rows × 126 one-hot and window-count columns, nearly collinear) took
 * L-BFGS 170 iterations and 9 s where Newton took 6 iterations and about 2 s.
 */
const NEWTON_ALWAYS_WORK = 4e8;
/**
 * Beyond this p, L-BFGS is cheaper on large n. Per row, Newton needs ~4–8 Hessian passes of
 * (p+1)²/2 multiply-adds, L-BFGS ~10–60 passes of 2p (memory-bound): comparable near p ≈ 30–50
 * depending on how many passes L-BFGS needs. Measured with bench/logreg.bench.ts on 1M rows
 * (2 shared cores): p = 30, Newton 5.2 s vs L-BFGS 4.7 s; p = 60, Newton 17–24 s vs 5.0–5.5 s.
 */
const NEWTON_MAX_COLUMNS = 40;

/**
 * `auto`: Newton when its Hessian is cheap, i.e. n·(p+1)²/2 ≤ NEWTON_ALWAYS_WORK or
 * p ≤ NEWTON_MAX_COLUMNS (n cancels out of the comparison, both costs are linear in n);
 * L-BFGS otherwise.
 */
export function chooseSolver(rows: number, cols: number): 'newton' | 'lbfgs' {
  const hessianWork = (rows * (cols + 1) * (cols + 1)) / 2;
  return hessianWork <= NEWTON_ALWAYS_WORK || cols <= NEWTON_MAX_COLUMNS ? 'newton' : 'lbfgs';
}

export class LogisticRegression implements Estimator<LogisticRegressionParams>, Explainer {
  readonly kind = KIND;
  readonly params: Readonly<LogisticRegressionParams>;
  private state: FittedState | null = null;

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    this.params = Object.freeze(validateParams({ ...DEFAULT_LOGISTIC_PARAMS, ...params }));
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  /** Coefficients, one per column (a copy). */
  get coef(): Float64Array {
    const { beta } = this.fittedState();
    return beta.slice(0, beta.length - 1);
  }

  get intercept(): number {
    const { beta } = this.fittedState();
    return beta[beta.length - 1];
  }

  get columns(): readonly string[] {
    return this.fittedState().columns;
  }

  /** Training column means, the reference point of `contributions` (a copy). */
  get means(): Float64Array {
    return this.fittedState().means.slice();
  }

  fit(X: Matrix, y: Labels, options: FitOptions = {}): this {
    const started = performance.now();
    const { rows, cols, data } = X;
    validateTrainingData(X, y, options.sampleWeight);
    if (this.params.solver === 'gradient-descent' && options.sampleWeight) {
      throw new InputError('solver "gradient-descent" (the ml-logistic-regression baseline) does not support sample weights', {
        hint: 'use solver "newton", "lbfgs" or "auto"',
      });
    }
    const weight = this.rowWeights(y, options.sampleWeight);
    const { mean: means, scale } = columnStatistics(X);
    const objective = new LogisticObjective(data, rows, cols, y, weight, this.params.C);
    const solver = this.params.solver === 'auto' ? chooseSolver(rows, cols) : this.params.solver;
    const { maxIter, tol } = this.params;
    const solverOptions = { maxIter, tol, onProgress: options.onProgress };

    // Start from the intercept-only optimum, the weighted log-odds of the positive class: it is
    // where every fit ends up for uninformative features and saves iterations on rare positives.
    const start = new Float64Array(cols + 1);
    let positive = 0;
    for (let i = 0; i < rows; i++) if (y[i] === 1) positive += weight[i];
    start[cols] = Math.log(positive / (objective.weightSum - positive));

    let result: SolverResult;
    let stopReason: LogisticFitReport['stopReason'];
    let parallel = false;
    if (solver === 'newton' || solver === 'lbfgs') {
      // Both solvers work on standardised columns (an exact change of variables, see
      // standardised.ts) and report their answer in the model's own coordinates.
      const view = new StandardisedObjective(objective, means, scale);
      const u = new Float64Array(cols + 1);
      view.fromOriginal(start, u);
      // L-BFGS spends nearly all its time in one data pass per iteration: split it over two cores.
      if (solver === 'lbfgs') parallel = objective.useSecondCore();
      try {
        result = solver === 'newton' ? newton(view, u, solverOptions) : lbfgs(view, u, solverOptions);
      } finally {
        objective.close();
      }
      const beta = new Float64Array(cols + 1);
      view.toOriginal(result.x, beta);
      result = { ...result, x: beta };
      stopReason = result.stopReason;
    } else {
      const beta = gradientDescentBaseline(data, rows, cols, y, maxIter);
      const grad = new Float64Array(cols + 1);
      const value = objective.valueAndGradient(beta, grad);
      const gradientNorm = objective.stationarity(grad);
      result = { x: beta, value, gradientNorm, iterations: maxIter, evaluations: maxIter, converged: gradientNorm <= tol, stopReason: 'max-iter' };
      stopReason = 'fixed-steps';
    }

    const report: LogisticFitReport = {
      solver,
      iterations: result.iterations,
      evaluations: result.evaluations,
      converged: result.converged,
      stopReason,
      objective: objective.toSklearnObjective(result.value),
      gradientNorm: result.gradientNorm,
      seconds: (performance.now() - started) / 1000,
      rows,
      threads: parallel ? 2 : 1,
    };
    if (!report.converged) {
      options.onProgress?.(
        `logistic regression (${solver}) did not converge: max |gradient| ${report.gradientNorm.toExponential(2)} > tol ${tol} after ${report.iterations} iterations (${stopReason})`,
      );
    }
    this.state = { columns: [...X.columns], beta: result.x, means, report };
    return this;
  }

  /** Log-odds of conversion for every row of X (scikit-learn's `decision_function`). */
  decisionFunction(X: Matrix): Float64Array {
    const { beta } = this.checkedState(X);
    const { rows, cols, data } = X;
    const out = new Float64Array(rows);
    for (let i = 0, off = 0; i < rows; i++, off += cols) out[i] = margin(data, off, beta, cols);
    return out;
  }

  predictProba(X: Matrix): Float64Array {
    const { beta } = this.checkedState(X);
    const { rows, cols, data } = X;
    const out = new Float64Array(rows);
    for (let i = 0, off = 0; i < rows; i++, off += cols) out[i] = sigmoid(margin(data, off, beta, cols));
    return out;
  }

  /**
   * The `top` largest contributions (by absolute value) to row `row`'s log-odds, each
   * w_j·(x_ij − mean_j): they sum, over all columns, to the row's log-odds minus the log-odds
   * of the training-mean row.
   */
  contributions(X: Matrix, row: number, top: number): Contribution[] {
    const { beta, means, columns } = this.checkedState(X);
    checkContributionArgs(X, row, top);
    const cols = X.cols;
    const off = row * cols;
    const all: Contribution[] = [];
    for (let j = 0; j < cols; j++) all.push({ column: columns[j], logOdds: beta[j] * (X.data[off + j] - means[j]) });
    return largestContributions(all, top);
  }

  describe(): ModelDescription {
    return {
      kind: KIND,
      params: { ...this.params },
      fit: this.state ? { ...this.state.report, columns: this.state.columns.length } : {},
    };
  }

  toJSON(): LogisticRegressionJSON {
    const { columns, beta, means, report } = this.fittedState();
    const p = columns.length;
    return {
      kind: KIND,
      format: 1,
      params: { ...this.params },
      columns: [...columns],
      coef: Array.from(beta.subarray(0, p)),
      intercept: beta[p],
      means: Array.from(means),
      fit: { ...report },
    };
  }

  /** Rebuilds a fitted model from `toJSON()` output; throws a `model` error if it is malformed. */
  static fromJSON(json: unknown): LogisticRegression {
    const bad = (what: string, expected: string, received?: unknown): never => {
      throw new LeadscoreError('model', `logistic-regression artifact: ${what}`, { where: what.split(' ')[0], expected, received });
    };
    if (typeof json !== 'object' || json === null) return bad('artifact is not an object', 'an object from toJSON()', json);
    const o = json as Record<string, unknown>;
    if (o.kind !== KIND) bad(`kind is ${JSON.stringify(o.kind)}`, `"${KIND}"`, o.kind);
    if (o.format !== 1) bad(`format ${JSON.stringify(o.format)} is not supported`, 'format 1', o.format);
    const columns = o.columns;
    if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
      return bad('columns is not a list of strings', 'string[]', columns);
    }
    const numbers = (key: string, length: number): Float64Array => {
      const v = o[key];
      if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        bad(`${key} must hold ${length} finite numbers (one per column)`, `number[${length}]`, Array.isArray(v) ? `${v.length} values` : v);
      }
      return Float64Array.from(v as number[]);
    };
    const coef = numbers('coef', columns.length);
    const means = numbers('means', columns.length);
    if (typeof o.intercept !== 'number' || !Number.isFinite(o.intercept)) bad('intercept is not a finite number', 'number', o.intercept);
    if (typeof o.fit !== 'object' || o.fit === null) bad('fit report is missing', 'an object', o.fit);
    let model: LogisticRegression;
    try {
      model = new LogisticRegression((o.params ?? {}) as Partial<LogisticRegressionParams>);
    } catch (error) {
      throw new LeadscoreError('model', `logistic-regression artifact: invalid params: ${(error as Error).message}`, { where: 'params' }, { cause: error });
    }
    const beta = new Float64Array(columns.length + 1);
    beta.set(coef);
    beta[columns.length] = o.intercept as number;
    model.state = { columns: [...columns], beta, means, report: { ...(o.fit as LogisticFitReport) } };
    return model;
  }

  private rowWeights(y: Labels, sampleWeight: Float64Array | undefined): Float64Array {
    return classWeightedRows(y, sampleWeight, this.params.classWeight);
  }

  private fittedState(): FittedState {
    if (!this.state) throw new NotFittedError('LogisticRegression');
    return this.state;
  }

  /** The fitted state, after checking X has the training columns in the training order. */
  private checkedState(X: Matrix): FittedState {
    const state = this.fittedState();
    checkTrainingColumns('logistic regression', state.columns, X);
    return state;
  }
}

function validateParams(p: LogisticRegressionParams): LogisticRegressionParams {
  if (typeof p.C !== 'number' || !Number.isFinite(p.C) || p.C <= 0) {
    throw new ConfigError(`logistic regression C must be a positive number, got ${p.C}`, { where: 'C', received: p.C, expected: 'C > 0' });
  }
  if (p.classWeight !== null && p.classWeight !== 'balanced') {
    throw new ConfigError(`logistic regression classWeight must be "balanced" or null, got ${JSON.stringify(p.classWeight)}`, { where: 'classWeight', received: p.classWeight });
  }
  if (!SOLVERS.includes(p.solver)) {
    throw new ConfigError(`logistic regression solver must be one of ${SOLVERS.join(', ')}, got ${JSON.stringify(p.solver)}`, { where: 'solver', received: p.solver });
  }
  if (!Number.isInteger(p.maxIter) || p.maxIter < 1) {
    throw new ConfigError(`logistic regression maxIter must be a positive integer, got ${p.maxIter}`, { where: 'maxIter', received: p.maxIter });
  }
  if (typeof p.tol !== 'number' || !Number.isFinite(p.tol) || p.tol <= 0) {
    throw new ConfigError(`logistic regression tol must be a positive number, got ${p.tol}`, { where: 'tol', received: p.tol });
  }
  if (p.solver === 'gradient-descent' && p.classWeight !== null) {
    throw new ConfigError('logistic regression solver "gradient-descent" (the ml-logistic-regression baseline) cannot apply classWeight', {
      where: 'classWeight',
      hint: 'use solver "newton", "lbfgs" or "auto"',
    });
  }
  return { C: p.C, classWeight: p.classWeight, solver: p.solver, maxIter: p.maxIter, tol: p.tol };
}

function validateTrainingData(X: Matrix, y: Labels, sampleWeight: Float64Array | undefined): void {
  const { rows, cols, data, columns } = X;
  if (columns.length !== cols || data.length !== rows * cols) {
    throw new InputError(`training matrix is inconsistent: ${rows} rows × ${cols} columns, ${columns.length} names, ${data.length} values`);
  }
  if (y.length !== rows) {
    throw new InputError(`labels have ${y.length} values, the training matrix has ${rows} rows`, { received: y.length, expected: `${rows}` });
  }
  let positives = 0;
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) throw new InputError(`label at row ${i} is ${v}, expected 0 or 1`, { where: `row ${i}`, received: v });
    positives += v;
  }
  if (positives === 0 || positives === rows) {
    throw new InputError(`training labels contain only ${positives === 0 ? 'negatives' : 'positives'} (${rows} rows): a classifier needs both classes`);
  }
  if (sampleWeight) {
    if (sampleWeight.length !== rows) {
      throw new InputError(`sampleWeight has ${sampleWeight.length} values, the training matrix has ${rows} rows`);
    }
    let w0 = 0;
    let w1 = 0;
    for (let i = 0; i < rows; i++) {
      const w = sampleWeight[i];
      if (!Number.isFinite(w) || w < 0) throw new InputError(`sampleWeight at row ${i} is ${w}, expected a finite number ≥ 0`, { where: `row ${i}`, received: w });
      if (y[i] === 1) w1 += w;
      else w0 += w;
    }
    if (w0 === 0 || w1 === 0) throw new InputError(`sample weights leave no weight on the ${w1 === 0 ? 'positive' : 'negative'} class`);
  }
}

interface ColumnStatistics {
  mean: Float64Array;
  /** Standard deviation, 1 for constant columns; only L-BFGS's preconditioner uses it. */
  scale: Float64Array;
}

/**
 * Column means and scales in one pass, which also rejects non-finite values (one pass over 10⁸
 * values is a solver iteration's worth of time). The scale comes from Σx² − n·mean², which can
 * lose digits for columns with a large mean, but any positive scale keeps the L-BFGS
 * reparameterisation exact, so only its speed could suffer.
 */
function columnStatistics(X: Matrix): ColumnStatistics {
  const { rows, cols, data } = X;
  const sum = new Float64Array(cols);
  const sumSquares = new Float64Array(cols);
  for (let i = 0, off = 0; i < rows; i++, off += cols) {
    for (let j = 0; j < cols; j++) {
      const v = data[off + j];
      sum[j] += v;
      sumSquares[j] += v * v;
    }
  }
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    if (!Number.isFinite(sumSquares[j])) throw nonFinite(X, j);
    mean[j] = sum[j] / rows;
    const sd = Math.sqrt(Math.max(0, sumSquares[j] / rows - mean[j] * mean[j]));
    scale[j] = sd > 1e-8 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
  }
  return { mean, scale };
}

/** The error for the first non-finite value of column j (NaN and ±Infinity poison Σx²). */
function nonFinite(X: Matrix, j: number): InputError {
  const { rows, cols, data, columns } = X;
  let row = 0;
  while (row < rows && Number.isFinite(data[row * cols + j])) row++;
  if (row === rows) {
    return new InputError(`training matrix column ${columns[j]} has values too large to fit (|x| > 1e150)`, { where: `column ${columns[j]}` });
  }
  const value = data[row * cols + j];
  return new InputError(`training matrix row ${row}, column ${columns[j]}: ${value} is not a finite number`, {
    where: `row ${row}, column ${columns[j]}`,
    received: value,
    hint: 'impute missing values before fitting',
  });
}
