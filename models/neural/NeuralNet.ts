/**
 * A multilayer perceptron (dense ReLU layers, sigmoid output) for conversion probability, on
 * TensorFlow.js. It picks up interactions the logistic model cannot (a job title that converts
 * only from one source), at the price of a slower fit and approximate explanations.
 *
 * Reproducible: with the same seed, data and backend, two fits give the same weights (checked on
 * the cpu and wasm backends). Inputs are the encoder's standardised matrix; the network sees
 * them as float32.
 */
import { checkTrainingColumns, classWeightedRows, checkContributionArgs, largestContributions } from '../estimatorInputs.ts';
import { ConfigError, InputError, LeadscoreError, NotFittedError } from '../../core/errors.ts';
import type { Contribution, Estimator, Explainer, FitOptions, Labels, ModelDescription } from '../estimator.ts';
import { stratifiedHoldout } from '../evaluation/split.ts';
import type { Matrix } from '../matrix.ts';
import { BACKEND_PREFERENCES, useBackend, type BackendPreference } from './backend.ts';
import { batchedLogits, PREDICT_CHUNK_ROWS } from './batches.ts';
import { decodeFloat32, encodeFloat32 } from './float32Base64.ts';
import { integratedGradients } from './integratedGradients.ts';
import { Mlp } from './mlp.ts';
import { NEURAL_NET_KIND, neuralNetJsonSchema, type NeuralFitReport, type NeuralNetJsonShape } from './neuralNetJson.ts';
import { train } from './training.ts';

export interface NeuralNetParams {
  /** Units of each hidden ReLU layer, input side first. */
  hiddenLayers: number[];
  /** Dropout rate after each hidden layer, during training only. */
  dropout: number;
  /** Penalty l2·Σw² on the kernels, added to the per-row mean loss (Keras's `l2`). */
  l2: number;
  /** Adam's step size. */
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  /**
   * Share of rows (stratified by class, drawn with `seed`) held out to pick the stopping epoch;
   * 0 trains on every row for maxEpochs epochs.
   */
  validationFraction: number;
  /** 'balanced' weights each class by n / (2 · n_class), multiplied into any sample weights. */
  classWeight: 'balanced' | null;
  /** Seeds the initial weights, the validation split, the epoch shuffles and the dropout masks. */
  seed: number;
  /** tfjs backend; `auto` takes the fastest available (see backend.ts). */
  backend: BackendPreference;
}

export const DEFAULT_NEURAL_NET_PARAMS: Readonly<NeuralNetParams> = Object.freeze({
  hiddenLayers: [32, 16],
  dropout: 0.1,
  l2: 1e-4,
  learningRate: 1e-3,
  batchSize: 256,
  maxEpochs: 100,
  patience: 8,
  validationFraction: 0.15,
  classWeight: null,
  seed: 42,
  backend: 'auto',
});

export type NeuralNetJSON = Omit<NeuralNetJsonShape, 'params'> & { params: NeuralNetParams };
export type { NeuralFitReport };

interface FittedState {
  columns: readonly string[];
  net: Mlp;
  means: Float64Array;
  report: NeuralFitReport;
}

export class NeuralNet implements Estimator<NeuralNetParams>, Explainer {
  readonly kind = NEURAL_NET_KIND;
  readonly params: Readonly<NeuralNetParams>;
  private state: FittedState | null = null;

  constructor(params: Partial<NeuralNetParams> = {}) {
    this.params = Object.freeze(validateParams({ ...DEFAULT_NEURAL_NET_PARAMS, ...params }));
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  get columns(): readonly string[] {
    return this.fittedState().columns;
  }

  async fit(X: Matrix, y: Labels, options: FitOptions = {}): Promise<this> {
    const started = performance.now();
    validateTrainingData(X, y, options.sampleWeight);
    const means = columnMeans(X);
    const backend = await useBackend(this.params.backend, options.onProgress);
    const weight = this.rowWeights(y, options.sampleWeight);
    const { trainRows, validationRows } = this.split(y);
    const { hiddenLayers, dropout, l2, learningRate, batchSize, maxEpochs, patience, seed } = this.params;
    const net = Mlp.create(X.cols, hiddenLayers, seed);
    let outcome;
    try {
      outcome = await train(net, X, y, weight, trainRows, validationRows, { dropout, l2, learningRate, batchSize, maxEpochs, patience, seed }, options.onProgress);
    } catch (error) {
      net.dispose();
      throw error;
    }
    const report: NeuralFitReport = {
      backend,
      ...outcome,
      seconds: (performance.now() - started) / 1000,
      rows: X.rows,
      trainRows: trainRows.length,
      validationRows: validationRows.length,
    };
    options.onProgress?.(
      `neural net: ${report.epochs} epochs in ${report.seconds.toFixed(1)}s on ${backend}` +
        (report.bestValidationLoss === null ? '' : `, kept epoch ${report.bestEpoch} (validation log loss ${report.bestValidationLoss.toFixed(5)})`),
    );
    this.dispose();
    this.state = { columns: [...X.columns], net, means, report };
    return this;
  }

  /** Log-odds of conversion for every row of X, `chunkRows` rows per tfjs call. */
  decisionFunction(X: Matrix, chunkRows = PREDICT_CHUNK_ROWS): Float64Array {
    const { net } = this.checkedState(X);
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
    return batchedLogits(net, X, null, chunkRows);
  }

  predictProba(X: Matrix): Float64Array {
    const z = this.decisionFunction(X);
    for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
    return z;
  }

  /**
   * The `top` largest contributions (by absolute value) to row `row`'s log-odds relative to the
   * training-mean row, by integrated gradients (see integratedGradients.ts): over all columns
   * they sum to the row's log-odds minus the mean row's, as the logistic model's do.
   */
  contributions(X: Matrix, row: number, top: number): Contribution[] {
    const { net, means, columns } = this.checkedState(X);
    checkContributionArgs(X, row, top);
    const x = X.data.subarray(row * X.cols, (row + 1) * X.cols);
    const attribution = integratedGradients(net, x, means);
    const all: Contribution[] = columns.map((column, j) => ({ column, logOdds: attribution[j] }));
    return largestContributions(all, top);
  }

  describe(): ModelDescription {
    return {
      kind: NEURAL_NET_KIND,
      params: { ...this.params, hiddenLayers: [...this.params.hiddenLayers] },
      fit: this.state ? { ...this.state.report, columns: this.state.columns.length } : {},
    };
  }

  toJSON(): NeuralNetJSON {
    const { columns, net, means, report } = this.fittedState();
    const shapes = net.shapes();
    return {
      kind: NEURAL_NET_KIND,
      format: 1,
      params: { ...this.params, hiddenLayers: [...this.params.hiddenLayers] },
      columns: [...columns],
      means: Array.from(means),
      weights: net.getWeights().map((values, k) => ({ shape: shapes[k], data: encodeFloat32(values) })),
      fit: { ...report, history: report.history.map((h) => ({ ...h })) },
    };
  }

  /**
   * Rebuilds a fitted model from `toJSON()` output; throws a `model` error if it is malformed.
   * The network lives on whichever tfjs backend is active: await `useBackend()` first to score
   * on the fastest one rather than tfjs's synchronous default (cpu).
   */
  static fromJSON(json: unknown): NeuralNet {
    const parsed = neuralNetJsonSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.join('.') || 'artifact';
      throw new LeadscoreError('model', `neural-net artifact: ${where}: ${issue.message}`, { where, expected: 'the output of NeuralNet.toJSON()' });
    }
    const o = parsed.data;
    let model: NeuralNet;
    try {
      model = new NeuralNet(o.params as Partial<NeuralNetParams>);
    } catch (error) {
      throw new LeadscoreError('model', `neural-net artifact: invalid params: ${(error as Error).message}`, { where: 'params' }, { cause: error });
    }
    const p = o.columns.length;
    if (o.means.length !== p) {
      throw new LeadscoreError('model', `neural-net artifact: means has ${o.means.length} values for ${p} columns`, { where: 'means', expected: `${p} values` });
    }
    const sizes = [p, ...model.params.hiddenLayers, 1];
    const expected: number[][] = [];
    for (let k = 0; k + 1 < sizes.length; k++) expected.push([sizes[k], sizes[k + 1]], [sizes[k + 1]]);
    const describeShapes = (shapes: number[][]) => shapes.map((s) => `[${s.join(',')}]`).join(' ');
    if (o.weights.length !== expected.length || o.weights.some((w, k) => w.shape.join(',') !== expected[k].join(','))) {
      throw new LeadscoreError('model', 'neural-net artifact: weight shapes do not match the columns and hiddenLayers', {
        where: 'weights',
        expected: describeShapes(expected),
        received: describeShapes(o.weights.map((w) => w.shape)),
      });
    }
    const values = o.weights.map((w, k) => {
      const decoded = decodeFloat32(w.data);
      const size = w.shape.reduce((a, b) => a * b, 1);
      if (!decoded || decoded.length !== size || !decoded.every(Number.isFinite)) {
        throw new LeadscoreError('model', `neural-net artifact: weights[${k}] is not base64 of ${size} finite float32 values`, { where: `weights.${k}.data` });
      }
      return decoded;
    });
    const net = Mlp.create(p, model.params.hiddenLayers, model.params.seed);
    net.setWeights(values);
    model.state = { columns: [...o.columns], net, means: Float64Array.from(o.means), report: o.fit };
    return model;
  }

  /** Frees the network's tensors; the model is unfitted afterwards. */
  dispose(): void {
    this.state?.net.dispose();
    this.state = null;
  }

  /**
   * Sample weight × class weight, scaled to mean 1 so the L2 penalty and the learning rate keep
   * their meaning whatever the weights' units.
   */
  private rowWeights(y: Labels, sampleWeight: Float64Array | undefined): Float64Array {
    const n = y.length;
    const weight = classWeightedRows(y, sampleWeight, this.params.classWeight);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weight[i];
    for (let i = 0; i < n; i++) weight[i] *= n / sum;
    return weight;
  }

  private split(y: Labels): { trainRows: Uint32Array; validationRows: Uint32Array } {
    const { validationFraction, seed } = this.params;
    if (validationFraction === 0) return { trainRows: Uint32Array.from(y.keys()), validationRows: new Uint32Array(0) };
    const { train, test } = stratifiedHoldout(y, validationFraction, seed);
    if (test.length === 0 || train.length === 0) {
      throw new InputError(`neural net: ${y.length} rows are too few for a validation fraction of ${validationFraction}`, {
        hint: 'use more rows, a larger validationFraction, or validationFraction 0',
      });
    }
    return { trainRows: train, validationRows: test };
  }

  private fittedState(): FittedState {
    if (!this.state) throw new NotFittedError('NeuralNet');
    return this.state;
  }

  /** The fitted state, after checking X has the training columns in the training order. */
  private checkedState(X: Matrix): FittedState {
    const state = this.fittedState();
    checkTrainingColumns('neural net', state.columns, X);
    return state;
  }
}

function validateParams(p: NeuralNetParams): NeuralNetParams {
  const fail = (key: keyof NeuralNetParams, rule: string): never => {
    throw new ConfigError(`neural net ${key} must be ${rule}, got ${JSON.stringify(p[key])}`, { where: key, received: p[key], expected: rule });
  };
  const positiveInteger = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  const number = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!Array.isArray(p.hiddenLayers) || p.hiddenLayers.length === 0 || !p.hiddenLayers.every(positiveInteger)) {
    fail('hiddenLayers', 'a non-empty list of positive integers');
  }
  if (!number(p.dropout) || p.dropout < 0 || p.dropout >= 1) fail('dropout', 'a number in [0, 1)');
  if (!number(p.l2) || p.l2 < 0) fail('l2', 'a number ≥ 0');
  if (!number(p.learningRate) || p.learningRate <= 0) fail('learningRate', 'a number > 0');
  if (!positiveInteger(p.batchSize)) fail('batchSize', 'a positive integer');
  if (!positiveInteger(p.maxEpochs)) fail('maxEpochs', 'a positive integer');
  if (!positiveInteger(p.patience)) fail('patience', 'a positive integer');
  if (!number(p.validationFraction) || p.validationFraction < 0 || p.validationFraction >= 1) fail('validationFraction', 'a number in [0, 1)');
  if (p.classWeight !== null && p.classWeight !== 'balanced') fail('classWeight', '"balanced" or null');
  if (!Number.isSafeInteger(p.seed)) fail('seed', 'an integer');
  if (!BACKEND_PREFERENCES.includes(p.backend)) fail('backend', `one of ${BACKEND_PREFERENCES.join(', ')}`);
  return {
    hiddenLayers: [...p.hiddenLayers],
    dropout: p.dropout,
    l2: p.l2,
    learningRate: p.learningRate,
    batchSize: p.batchSize,
    maxEpochs: p.maxEpochs,
    patience: p.patience,
    validationFraction: p.validationFraction,
    classWeight: p.classWeight,
    seed: p.seed,
    backend: p.backend,
  };
}

function validateTrainingData(X: Matrix, y: Labels, sampleWeight: Float64Array | undefined): void {
  const { rows, cols, data, columns } = X;
  if (columns.length !== cols || data.length !== rows * cols) {
    throw new InputError(`training matrix is inconsistent: ${rows} rows × ${cols} columns, ${columns.length} names, ${data.length} values`);
  }
  if (cols === 0) throw new InputError('training matrix has no columns');
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
    if (sampleWeight.length !== rows) throw new InputError(`sampleWeight has ${sampleWeight.length} values, the training matrix has ${rows} rows`);
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

/** Column means, rejecting non-finite values (NaN would silently poison every weight). */
function columnMeans(X: Matrix): Float64Array {
  const { rows, cols, data, columns } = X;
  const sum = new Float64Array(cols);
  for (let i = 0, off = 0; i < rows; i++, off += cols) {
    for (let j = 0; j < cols; j++) {
      const v = data[off + j];
      if (!Number.isFinite(v)) {
        throw new InputError(`training matrix row ${i}, column ${columns[j]}: ${v} is not a finite number`, {
          where: `row ${i}, column ${columns[j]}`,
          received: v,
          hint: 'impute missing values before fitting',
        });
      }
      sum[j] += v;
    }
  }
  for (let j = 0; j < cols; j++) sum[j] /= rows;
  return sum;
}
