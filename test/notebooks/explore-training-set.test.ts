import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSampleCrm } from '../../data/generator/index.ts';
import { buildTrainingSet } from '../../pipelines/buildTrainingSet.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';
import { exploreTrainingSet } from '../../notebooks/explore-training-set.ts';

describe('notebook: explore-training-set', () => {
  it('summarises a training set built from sample data', async () => {
    const root = mkdtempSync(join(tmpdir(), 'leadscore-nb-'));
    await generateSampleCrm({ outDir: join(root, 'data'), leads: 1500, seed: 3 });
    const built = await buildTrainingSet(demoConfig(join(root, 'data'), join(root, 'out'), { label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' } }));
    const lines = await exploreTrainingSet(built.trainingSet.path);
    expect(lines[0]).toContain(`${built.trainingSet.rows} leads, ${built.trainingSet.positives} converted`);
    expect(lines.join('\n')).toMatch(/channel \(categorical, \d+ values\): \w+ \d+ \(\d+% won\)/);
    expect(lines.join('\n')).toMatch(/pricing_page_view_count_7d \(numeric\)/);
  });
});
