import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { generateSampleCrm } from '../../data/generator/index.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';
import { scoreLeads } from '../../pipelines/scoreLeads.ts';
import { trainModel } from '../../pipelines/trainModel.ts';
import { memoryConnection, rows } from '../helpers/duckdb.ts';

const label = { window_days: 90, as_of: '2026-06-30T23:59:59Z' };

describe('scoring with rules beside the model', () => {
  it('writes rule, fit and engagement scores and a blend that follows the configured weight', async () => {
    const root = mkdtempSync(join(tmpdir(), 'leadscore-rules-'));
    await generateSampleCrm({ outDir: join(root, 'data'), leads: 1500, seed: 11 });
    const modelOnly = demoConfig(join(root, 'data'), join(root, 'out'), { label, blend: { weight: 1, learn: false, cv_folds: 5 } });
    await trainModel(modelOnly);
    const scored = await scoreLeads(modelOnly);
    const c = await memoryConnection();
    await c.run(`attach '${scored.warehouse}' as wh (read_only)`);
    const [check] = await rows(c, 'select max(abs(blended_score - 100 * probability)) as gap, count(grade)::integer as graded from wh.predictions');
    expect(check.gap).toBeLessThan(1e-9);
    expect(check.graded).toBe(scored.predictionsWritten);
    c.closeSync();

    const rulesOnly = demoConfig(join(root, 'data'), join(root, 'out2'), { label, blend: { weight: 0, learn: false, cv_folds: 5 } });
    await trainModel(rulesOnly);
    const byRules = await scoreLeads(rulesOnly);
    const c2 = await memoryConnection();
    await c2.run(`attach '${byRules.warehouse}' as wh (read_only)`);
    const [check2] = await rows(c2, 'select max(abs(blended_score - rule_score)) as gap from wh.predictions');
    expect(check2.gap).toBeLessThan(1e-9);
  });

  it('fails before reading any data when the rule file is invalid, naming the rule', async () => {
    const root = mkdtempSync(join(tmpdir(), 'leadscore-rules-bad-'));
    const file = join(root, 'bad.yaml');
    writeFileSync(file, 'name: bad\nfit:\n  - { id: size, attribute: company_size, range: { min: 50, max: 20 }, points: 3 }\n');
    const config = demoConfig(join(root, 'data'), join(root, 'out'), { label, rules: file });
    await expect(scoreLeads(config)).rejects.toBeInstanceOf(ConfigError);
    await expect(scoreLeads(config)).rejects.toThrow(/size/);
  });
});
