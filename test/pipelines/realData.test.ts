/**
 * The shipped example configs on the real public datasets. They live in ../shared beside the
 * repo, which a plain clone does not have, so these skip (saying so) when it is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const examples = join(import.meta.dirname, '..', '..', 'data', 'examples');
const realData = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'real');
const haveRealData = existsSync(join(realData, 'x-education-leads.csv')) && existsSync(join(realData, 'olist-mqls.csv'));

describe.skipIf(!haveRealData)('example configs on ../shared/data/real (skipped when that folder is absent)', () => {
  it('X Education (wide): every lead a training row, the published label balance', async () => {
    const run = await runCli('features', '--json', '--quiet', '--config', join(examples, 'x-education.yaml'));
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.trainingSet).toMatchObject({ rows: 9240, positives: 3561 });
    expect(result.ingest.rowsRejected).toBe(0);
    expect(result.ingest.quarantine).toBeNull();
  });

  it('Olist (leads + closed deals with dates): every MQL labelled, 842 sellers', async () => {
    const run = await runCli('features', '--json', '--quiet', '--config', join(examples, 'olist.yaml'));
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.trainingSet.rows).toBe(8000);
    expect(result.trainingSet.positives).toBe(842);
    expect(result.labelRule).toMatch(/at any time/);
    // One deal in the published data is dated before its lead's first contact: kept, and said so.
    expect(result.ingest.warnings).toEqual([`${join(realData, 'olist-closed-deals.csv')}: 1 outcome(s) closed before their lead's created_at (kept)`]);
  });

  it('trains on Olist with a time-based holdout', async () => {
    const run = await runCli('train', '--json', '--quiet', '--config', join(examples, 'olist.yaml'));
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.evaluation.strategy).toBe('time');
    expect(result.models[0].metrics.auc).toBeGreaterThan(0.6);
  });

  it('trains on X Education with a stratified holdout', async () => {
    const run = await runCli('train', '--json', '--quiet', '--config', join(examples, 'x-education.yaml'));
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.evaluation.strategy).toBe('stratified');
    expect(result.models[0].metrics.auc).toBeGreaterThan(0.85);
  });
});
