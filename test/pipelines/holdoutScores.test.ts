import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCrm } from '../../data/generator/index.ts';
import { rocAuc } from '../../models/evaluation/metrics.ts';
import { loadArtifact } from '../../models/registry/artifact.ts';
import { scoreHoldout } from '../../pipelines/holdoutScores.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';
import { trainModel, type TrainResult } from '../../pipelines/trainModel.ts';

const label = { window_days: 90, as_of: '2026-06-30T23:59:59Z' };
let root: string;
let trained: TrainResult;

describe('scoreHoldout', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leadscore-holdout-'));
    await generateSampleCrm({ outDir: join(root, 'data'), leads: 2500, seed: 5 });
    trained = await trainModel(demoConfig(join(root, 'data'), join(root, 'out'), { label }));
  });

  it('scores exactly the rows train evaluated on, out of sample, with the rules at each snapshot', async () => {
    const config = demoConfig(join(root, 'data'), join(root, 'out'), { label });
    const holdout = await scoreHoldout(config);
    const { artifact } = loadArtifact(config.output.dir, 'champion');

    expect(holdout.modelId).toBe(artifact.id);
    expect(holdout.leadIds.length).toBe(artifact.evaluation.testRows);
    expect(holdout.fingerprint).toBe(artifact.evaluation.holdoutFingerprint);
    expect(holdout.matchesTraining).toBe(true);
    expect(holdout.caveats).toEqual([]);
    // The refitted recipe reproduces train's holdout predictions: same AUC, to rounding.
    expect(holdout.auc).toBeCloseTo(trained.models[0].uncalibratedMetrics.auc, 12);
    expect(rocAuc(holdout.label, holdout.probability)).toBeCloseTo(holdout.auc, 12);
    expect(holdout.label.reduce((s, v) => s + v, 0)).toBeGreaterThan(10);
    for (const p of holdout.probability) expect(p > 0 && p < 1).toBe(true);

    const rules = holdout.rules!;
    expect(rules.ruleScore.length).toBe(holdout.leadIds.length);
    // The same rule AUC train reported on its holdout: same rows, same point-in-time rule scores.
    expect(rocAuc(holdout.label, rules.ruleScore)).toBeCloseTo(trained.rules!.metrics.auc, 12);
    // At the snapshot the outcome is not known yet: nobody is recycled or sales-accepted.
    expect(new Set(rules.status)).toEqual(new Set(['new', 'MQL']));
    for (let i = 0; i < holdout.leadIds.length; i++) {
      expect(holdout.blendedScore[i]).toBeCloseTo(100 * (0.5 * holdout.probability[i] + 0.5 * (rules.ruleScore[i] / 100)), 10);
    }
    expect(holdout.strategy).toBe('time');
    expect(Math.min(...holdout.createdAt)).toBeGreaterThan(0);
  });

  it('has no rule columns without a rule file, and blends to the probability alone', async () => {
    const config = demoConfig(join(root, 'data'), join(root, 'out'), { label });
    const holdout = await scoreHoldout({ ...config, rules: undefined });
    expect(holdout.rules).toBeNull();
    holdout.blendedScore.forEach((b, i) => expect(b).toBeCloseTo(100 * holdout.probability[i], 12));
  });
});
