import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../../core/progress.ts';
import { generateSampleCrm } from '../../../data/generator/index.ts';
import type { FrameEncoder } from '../../../features/encoding/frameEncoder.ts';
import type { FeatureFrame, FrameColumn } from '../../../features/frame/featureFrame.ts';
import { fitCalibrator } from '../../../models/calibration/fitCalibrator.ts';
import type { LoadedEstimator } from '../../../models/registry/loadModel.ts';
import { prepareTrainingData } from '../../../pipelines/buildTrainingSet.ts';
import { fitRecipe, labelsOf } from '../../../pipelines/modelRecipe.ts';
import { demoConfig } from '../../../pipelines/runDemo.ts';
import { LinearScorer } from '../../../pipelines/scoring/linearScorer.ts';
import { predict } from '../../../pipelines/scoring/scoreRows.ts';
import { withWorkspace } from '../../../pipelines/withWorkspace.ts';

let frame: FeatureFrame;
let encoder: FrameEncoder;
let model: LoadedEstimator;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'leadscore-reasons-'));
  await generateSampleCrm({ outDir: join(root, 'data'), leads: 1500, seed: 9 });
  const config = demoConfig(join(root, 'data'), join(root, 'out'), { label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' } });
  ({ frame } = await withWorkspace(config.output.dir, (c) => prepareTrainingData(c, config, silentProgress)));
  ({ encoder, model } = await fitRecipe('logreg', config, frame, silentProgress));
}, 60_000);

/** The same model behind a plain object: predict() then takes the general path (dense matrix, topReasons). */
function general(m: LoadedEstimator): LoadedEstimator {
  return {
    kind: m.kind,
    params: m.params,
    fitted: m.fitted,
    fit: () => {
      throw new Error('not used');
    },
    predictProba: (X) => m.predictProba(X),
    contributions: (X, row, top) => m.contributions!(X, row, top),
    describe: () => m.describe(),
    toJSON: () => m.toJSON(),
  };
}

/** Rows of `frame` with what scoring meets and training did not: unseen categories, missing and odd values. */
function withSurprises(source: FeatureFrame): FeatureFrame {
  const columns = source.columns.map((column, c): FrameColumn => {
    if (column.kind === 'categorical') {
      const codes = column.codes.slice();
      // Unseen categories, one of them beyond the 65,536 codes LinearReasons keeps in an array.
      const dictionary = [...column.dictionary, 'never seen in training'];
      if (c === 0) dictionary.push(...Array.from({ length: 70_000 }, (_, k) => `rare ${k}`));
      for (let i = c % 5; i < codes.length; i += 7) codes[i] = i % 2 ? -1 : i % 3 ? column.dictionary.length : dictionary.length - 1 - (i % 4);
      return { ...column, codes, dictionary };
    }
    const values = column.values.slice();
    const odd = [NaN, Infinity, -3, 0, 2.25, 1e9, 0.05, 0.15];
    for (let i = c % 3; i < values.length; i += 5) values[i] = odd[i % odd.length];
    return { ...column, values };
  });
  return { ...source, columns };
}

describe('predict with a logistic regression', () => {
  it('scores straight from the frame: probabilities identical to the bit to the dense matrix path', () => {
    const linear = LinearScorer.of(model, encoder);
    expect(linear).not.toBeNull();
    expect(LinearScorer.of(general(model), encoder)).toBeNull();
    const calibrator = fitCalibrator('platt', model.predictProba(encoder.transform(frame)), labelsOf(frame));
    for (const data of [frame, withSurprises(frame)]) {
      for (const cal of [null, calibrator]) {
        const fast = predict({ encoder, model, calibrator: cal, reasons: 0 }, data);
        const slow = predict({ encoder, model: general(model), calibrator: cal, reasons: 0 }, data);
        expect(Buffer.from(fast.probability.buffer).equals(Buffer.from(slow.probability.buffer))).toBe(true);
        expect(fast.topReasonsJson).toEqual(slow.topReasonsJson);
      }
    }
  });

  it('gives every lead the same top reasons, in the same words and the same JSON, as the general explainer', () => {
    for (const data of [frame, withSurprises(frame)]) {
      for (const top of [1, 3, 5]) {
        const fast = predict({ encoder, model, calibrator: null, reasons: top }, data);
        const slow = predict({ encoder, model: general(model), calibrator: null, reasons: top }, data);
        expect(fast.topReasonsJson).toEqual(slow.topReasonsJson);
        const full = slow.topReasonsJson.filter((json) => JSON.parse(json).length === top).length;
        expect(full).toBeGreaterThan(data.rows / 2);
      }
    }
  });

  it('refuses a frame without a feature the model was trained with, as the dense path does', () => {
    const missing = { ...frame, columns: frame.columns.slice(1) };
    expect(() => predict({ encoder, model, calibrator: null, reasons: 3 }, missing)).toThrow(/is not in the data/);
  });
});
