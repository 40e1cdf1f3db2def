/**
 * The leakage checks on X Education (../shared/data/real), whose post-contact columns are known
 * from the case study's data dictionary: with every column in, the checks must flag the sales
 * team's `Tags` and `Lead Quality`; with the shipped config (those columns excluded) they must
 * flag nothing. Skips when ../shared is absent, as a plain clone has no such folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { silentProgress } from '../../../core/progress.ts';
import { resolveConfig } from '../../../data/config.ts';
import type { FeatureFrame } from '../../../features/frame/featureFrame.ts';
import { checkLeakage } from '../../../features/leakage/checkLeakage.ts';
import type { LeakageFinding } from '../../../features/leakage/leakageFinding.ts';
import { prepareTrainingData } from '../../../pipelines/buildTrainingSet.ts';
import { withWorkspace } from '../../../pipelines/withWorkspace.ts';

const examples = join(import.meta.dirname, '..', '..', '..', 'data', 'examples');
const configFile = join(examples, 'x-education.yaml');
const csv = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'real', 'x-education-leads.csv');

/** Columns the data dictionary says the sales team fills in after contacting the lead. */
const postContact = [
  'Tags',
  'Lead Quality',
  'Lead Profile',
  'Asymmetrique Activity Index',
  'Asymmetrique Profile Index',
  'Asymmetrique Activity Score',
  'Asymmetrique Profile Score',
];

describe.skipIf(!existsSync(csv))('leakage checks on X Education (skipped when ../shared/data/real is absent)', () => {
  const outDirs: string[] = [];

  /** The shipped example config, with the attribute exclusions replaced when given. */
  async function frameFor(exclude?: string[]): Promise<FeatureFrame> {
    const raw = parseYaml(readFileSync(configFile, 'utf8'));
    if (exclude) raw.sources.leads.attributes.exclude = exclude;
    raw.output.dir = mkdtempSync(join(tmpdir(), 'leadscore-leakage-'));
    outDirs.push(raw.output.dir);
    const config = resolveConfig(raw, configFile, examples);
    return withWorkspace(config.output.dir, async (connection) => (await prepareTrainingData(connection, config, silentProgress)).frame);
  }

  let allColumns: LeakageFinding[];
  let shipped: LeakageFinding[];
  let allFrame: FeatureFrame;
  beforeAll(async () => {
    allFrame = await frameFor(['Lead Number']);
    allColumns = checkLeakage(allFrame);
    shipped = checkLeakage(await frameFor());
  });
  afterAll(() => {
    for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('with every column, flags Tags and Lead Quality and no lead attribute known at creation', () => {
    expect(allFrame.columns.map((c) => c.name)).toEqual(expect.arrayContaining(postContact));
    const flagged = new Set(allColumns.map((f) => f.feature));
    expect(flagged).toContain('Tags');
    expect(flagged).toContain('Lead Quality');
    expect([...flagged].filter((name) => !postContact.includes(name))).toEqual([]);
    expect(allColumns.find((f) => f.kind === 'single_feature_auc' && f.feature === 'Tags')?.severity).toBe('high');
    const pure = allColumns.filter((f) => f.kind === 'pure_category').map((f) => `${f.feature} = ${f.value}`);
    expect(pure).toEqual(expect.arrayContaining(['Tags = Closed by Horizzon', 'Tags = Already a student', 'Lead Quality = Worst']));
  });

  it('with the shipped config (post-contact columns excluded), flags nothing', () => {
    expect(shipped.map((f) => f.evidence)).toEqual([]);
  });
});
