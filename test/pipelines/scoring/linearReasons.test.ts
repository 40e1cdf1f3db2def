import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentProgress } from '../../../core/progress.ts';
import type { EncodedSource } from '../../../features/encoding/columnEncoder.ts';
import { generateSampleCrm } from '../../../data/generator/index.ts';
import { topReasons } from '../../../models/explain/topReasons.ts';
import { prepareTrainingData } from '../../../pipelines/buildTrainingSet.ts';
import { fitRecipe } from '../../../pipelines/modelRecipe.ts';
import { demoConfig } from '../../../pipelines/runDemo.ts';
import { LinearReasons } from '../../../pipelines/scoring/linearReasons.ts';
import { withWorkspace } from '../../../pipelines/withWorkspace.ts';

describe('LinearReasons', () => {
  it('gives every lead the same top reasons, in the same words, as the general explainer', async () => {
    const root = mkdtempSync(join(tmpdir(), 'leadscore-reasons-'));
    await generateSampleCrm({ outDir: join(root, 'data'), leads: 1500, seed: 9 });
    const config = demoConfig(join(root, 'data'), join(root, 'out'), { label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' } });
    const { frame } = await withWorkspace(config.output.dir, (c) => prepareTrainingData(c, config, silentProgress));
    const { encoder, model } = await fitRecipe('logreg', config, frame, silentProgress);
    const X = encoder.transform(frame);
    const linear = LinearReasons.of(model, encoder.sources)!;
    expect(linear).not.toBeNull();
    const sources = new Map<string, EncodedSource>(encoder.featureNames.map((name, j) => [name, encoder.sources[j]]));
    let withReasons = 0;
    for (const top of [1, 3, 5]) {
      for (let row = 0; row < frame.rows; row++) {
        const expected = topReasons(model.contributions!(X, row, X.cols), sources, frame, row, top).map((r) => r.text);
        expect(JSON.parse(linear.explain(X, row, frame, row, top))).toEqual(expected);
        if (expected.length === top) withReasons++;
      }
    }
    expect(withReasons).toBeGreaterThan(frame.rows);
  });
});
