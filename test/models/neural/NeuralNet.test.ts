import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, InputError, LeadscoreError, NotFittedError } from '../../../core/errors.ts';
import { rocAuc } from '../../../models/evaluation/metrics.ts';
import { stratifiedHoldout } from '../../../models/evaluation/split.ts';
import { LogisticRegression } from '../../../models/logistic/LogisticRegression.ts';
import { createMatrix, takeRows, type Matrix } from '../../../models/matrix.ts';
import { NeuralNet, type NeuralNetParams } from '../../../models/neural/NeuralNet.ts';
import { expectProbabilities, maxAbsDiff } from '../modelFixtures.ts';
import { linearProblem, noiseProblem, xorProblem } from './neuralFixtures.ts';

/** Settings that learn the small problems below in a second or two. */
const FAST: Partial<NeuralNetParams> = { batchSize: 64, learningRate: 1e-2, maxEpochs: 40, patience: 5 };

const subset = (X: Matrix, y: Uint8Array, rows: Uint32Array) => ({ X: takeRows(X, rows), y: Uint8Array.from(rows, (i) => y[i]) });

describe('NeuralNet on an interaction (XOR-like) problem', () => {
  const { X: allX, y: allY } = xorProblem(2000, 11);
  const split = stratifiedHoldout(allY, 0.3, 5);
  const train = subset(allX, allY, split.train);
  const test = subset(allX, allY, split.test);
  const messages: string[] = [];
  let model: NeuralNet;

  beforeAll(async () => {
    model = await new NeuralNet({ ...FAST, batchSize: 128, learningRate: 2e-2 }).fit(train.X, train.y, { onProgress: (m) => messages.push(m) });
  });

  it('learns what logistic regression cannot', () => {
    const p = model.predictProba(test.X);
    expectProbabilities(p);
    const nn = rocAuc(test.y, p);
    const logistic = rocAuc(test.y, new LogisticRegression().fit(train.X, train.y).predictProba(test.X));
    expect(logistic).toBeLessThan(0.6);
    expect(nn).toBeGreaterThan(0.8);
    expect(nn - logistic).toBeGreaterThan(0.2);
  });

  it('reports the backend it ran on, in describe() and through onProgress', () => {
    const fit = model.describe().fit;
    expect(['tensorflow', 'wasm', 'cpu']).toContain(fit.backend);
    expect(messages.some((m) => m.includes(`tfjs backend ${fit.backend}`))).toBe(true);
    expect(fit).toMatchObject({ rows: train.X.rows, columns: 4 });
    expect(fit.trainRows as number).toBeGreaterThan(fit.validationRows as number);
    expect(fit.seconds as number).toBeGreaterThan(0);
  });

  it('batched prediction equals one-call prediction', () => {
    const whole = model.decisionFunction(test.X, test.X.rows);
    const small = model.decisionFunction(test.X, 7);
    expect(maxAbsDiff(whole, small)).toBeLessThan(1e-5);
    const p = model.predictProba(test.X);
    expect(maxAbsDiff(p, Array.from(whole, (z) => 1 / (1 + Math.exp(-z))))).toBeLessThan(1e-12);
  });

  it('toJSON / fromJSON round-trips to identical probabilities', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const restored = NeuralNet.fromJSON(json);
    try {
      expect(restored.fitted).toBe(true);
      expect(restored.describe()).toEqual(model.describe());
      expect(Array.from(restored.predictProba(test.X))).toEqual(Array.from(model.predictProba(test.X)));
    } finally {
      restored.dispose();
    }
  });

  it('contributions add up to the logit against the mean row (integrated gradients are complete)', () => {
    const { X } = test;
    const z = model.decisionFunction(X);
    const means = Float64Array.from(model.toJSON().means);
    const zMean = model.decisionFunction(createMatrix(1, X.columns, means))[0];
    for (let row = 0; row < 20; row++) {
      const total = model.contributions(X, row, 4).reduce((s, c) => s + c.logOdds, 0);
      expect(Math.abs(total - (z[row] - zMean))).toBeLessThan(0.02 + 0.02 * Math.abs(z[row] - zMean));
    }
  });

  it('does not leak tensors when predicting and explaining', () => {
    const before = tf.memory().numTensors;
    model.predictProba(test.X);
    model.decisionFunction(test.X, 100);
    model.contributions(test.X, 0, 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a matrix with other columns', () => {
    const other = createMatrix(1, ['c0', 'c1', 'c3', 'c2'], new Float64Array(4));
    expect(() => model.predictProba(other)).toThrow(LeadscoreError);
    expect(() => model.contributions(test.X, test.X.rows, 1)).toThrow(InputError);
  });
});

describe('contributions', () => {
  it('point to the informative feature', async () => {
    const { X, y } = linearProblem(1000, 6);
    const model = await new NeuralNet({ ...FAST, maxEpochs: 10 }).fit(X, y);
    let checked = 0;
    for (let row = 0; row < X.rows && checked < 10; row++) {
      if (Math.abs(X.data[row * X.cols]) < 1) continue;
      checked++;
      const [first, second] = model.contributions(X, row, 2);
      expect(first.column).toBe('s0');
      // Same sign as the signal (y rises with s0), and well clear of the noise columns.
      expect(Math.sign(first.logOdds)).toBe(Math.sign(X.data[row * X.cols]));
      expect(Math.abs(first.logOdds)).toBeGreaterThan(3 * Math.abs(second.logOdds));
    }
    expect(checked).toBe(10);
    model.dispose();
  });
});

describe('early stopping', () => {
  it('stops on noise well before maxEpochs and keeps the best epoch’s weights', async () => {
    const { X, y } = noiseProblem(1200, 12, 3);
    const params: Partial<NeuralNetParams> = { ...FAST, hiddenLayers: [64, 32], dropout: 0, l2: 0, maxEpochs: 200, patience: 4 };
    const model = await new NeuralNet(params).fit(X, y);
    const fit = model.describe().fit as { epochs: number; bestEpoch: number; bestValidationLoss: number; stoppedEarly: boolean; history: { validationLoss: number }[] };
    expect(fit.stoppedEarly).toBe(true);
    expect(fit.epochs).toBeLessThan(40);
    expect(fit.epochs).toBe(fit.bestEpoch + 4);
    const losses = fit.history.map((h) => h.validationLoss);
    expect(fit.bestValidationLoss).toBe(Math.min(...losses));
    expect(losses[losses.length - 1]).toBeGreaterThan(fit.bestValidationLoss);

    // The documented validation split; the model in hand must score exactly the best loss there.
    const { test } = stratifiedHoldout(y, 0.15, 42);
    const z = model.decisionFunction(takeRows(X, test));
    let loss = 0;
    test.forEach((i, k) => (loss += Math.max(z[k], 0) - z[k] * y[i] + Math.log1p(Math.exp(-Math.abs(z[k])))));
    expect(loss / test.length).toBeCloseTo(fit.bestValidationLoss, 12);
    model.dispose();
  });

  it('validationFraction 0 runs every epoch and keeps the last weights', async () => {
    const { X, y } = linearProblem(300, 4);
    const model = await new NeuralNet({ ...FAST, maxEpochs: 3, validationFraction: 0 }).fit(X, y);
    expect(model.describe().fit).toMatchObject({ epochs: 3, bestEpoch: 3, bestValidationLoss: null, stoppedEarly: false, validationRows: 0 });
    model.dispose();
  });
});

describe('weights', () => {
  it('balanced class weights raise the probabilities of a rare class', async () => {
    const { X, y } = linearProblem(1000, 8, -3);
    const mean = (p: Float64Array) => p.reduce((s, v) => s + v, 0) / p.length;
    const plain = await new NeuralNet({ ...FAST, maxEpochs: 15 }).fit(X, y);
    const balanced = await new NeuralNet({ ...FAST, maxEpochs: 15, classWeight: 'balanced' }).fit(X, y);
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    expect(rate).toBeLessThan(0.2);
    expect(Math.abs(mean(plain.predictProba(X)) - rate)).toBeLessThan(0.05);
    expect(mean(balanced.predictProba(X))).toBeGreaterThan(2 * rate);
    // Weighting moves the threshold, not the ranking.
    expect(rocAuc(y, balanced.predictProba(X))).toBeGreaterThan(rocAuc(y, plain.predictProba(X)) - 0.02);
    plain.dispose();
    balanced.dispose();
  });

  it('sample weights are taken into account, whatever their scale', async () => {
    const { X, y } = linearProblem(600, 9);
    const upweightPositives = Float64Array.from(y, (v) => (v ? 50 : 10));
    const a = await new NeuralNet({ ...FAST, maxEpochs: 5 }).fit(X, y, { sampleWeight: upweightPositives });
    const b = await new NeuralNet({ ...FAST, maxEpochs: 5 }).fit(X, y, { sampleWeight: upweightPositives.map((w) => w / 10) });
    const c = await new NeuralNet({ ...FAST, maxEpochs: 5 }).fit(X, y);
    expect(maxAbsDiff(a.predictProba(X), b.predictProba(X))).toBeLessThan(1e-5);
    expect(maxAbsDiff(a.predictProba(X), c.predictProba(X))).toBeGreaterThan(0.05);
    [a, b, c].forEach((m) => m.dispose());
  });
});

describe('NeuralNet contract', () => {
  it('throws NotFittedError before fit', () => {
    const model = new NeuralNet();
    const X = createMatrix(1, ['a'], new Float64Array(1));
    expect(model.fitted).toBe(false);
    expect(() => model.predictProba(X)).toThrow(NotFittedError);
    expect(() => model.contributions(X, 0, 1)).toThrow(NotFittedError);
    expect(() => model.toJSON()).toThrow(NotFittedError);
    expect(model.describe().fit).toEqual({});
  });

  it('validates parameters', () => {
    const bad: Partial<NeuralNetParams>[] = [
      { hiddenLayers: [] },
      { hiddenLayers: [8, 0] },
      { dropout: 1 },
      { l2: -1 },
      { learningRate: 0 },
      { batchSize: 1.5 },
      { maxEpochs: 0 },
      { patience: 0 },
      { validationFraction: 1 },
      { classWeight: 'auto' as never },
      { seed: 0.5 },
      { backend: 'gpu' as never },
    ];
    for (const params of bad) expect(() => new NeuralNet(params), JSON.stringify(params)).toThrow(ConfigError);
    expect(new NeuralNet({ hiddenLayers: [8] }).params).toMatchObject({ hiddenLayers: [8], dropout: 0.1, seed: 42 });
  });

  it('rejects unusable training data', async () => {
    const X = createMatrix(4, ['a'], Float64Array.from([0, 1, NaN, 3]));
    await expect(new NeuralNet().fit(X, Uint8Array.from([0, 1, 0, 1]))).rejects.toThrow(/row 2, column a/);
    await expect(new NeuralNet().fit(createMatrix(2, ['a'], new Float64Array(2)), Uint8Array.from([1, 1]))).rejects.toThrow(InputError);
  });

  it('fromJSON rejects malformed artifacts with a model error', async () => {
    const { X, y } = linearProblem(200, 1);
    const model = await new NeuralNet({ ...FAST, hiddenLayers: [4], maxEpochs: 1 }).fit(X, y);
    const json = model.toJSON();
    model.dispose();
    const broken: unknown[] = [
      null,
      { ...json, kind: 'logistic-regression' },
      { ...json, weights: json.weights.slice(1) },
      { ...json, weights: json.weights.map((w, k) => (k === 0 ? { ...w, data: 'not base64!' } : w)) },
      { ...json, weights: json.weights.map((w, k) => (k === 0 ? { ...w, data: w.data.slice(8) } : w)) },
      { ...json, means: [1] },
      { ...json, params: { ...json.params, hiddenLayers: [5] } },
      { ...json, params: { ...json.params, dropout: 2 } },
    ];
    for (const artifact of broken) {
      let error: unknown;
      try {
        NeuralNet.fromJSON(artifact);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(artifact)?.slice(0, 80)).toBeInstanceOf(LeadscoreError);
      expect((error as LeadscoreError).code).toBe('model');
    }
  });
});
