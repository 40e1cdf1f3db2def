import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadRuleFile } from '../../models/rules/loadRuleFile.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a notebook the way the README says, on a small generated CRM: the whole file, every cell. */
async function notebook(file: string, dir: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [join(root, 'bin', 'run-ts.js'), join('notebooks', file), '--demo', dir, '--leads', '800', '--epochs', '2', '--out', join(dir, 'charts')],
    { cwd: root, env: { ...process.env, TZ: 'UTC' }, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

describe('analyst notebooks', () => {
  it('train-models, then model-vs-rules on the same data, run from start to end', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadscore-notebooks-'));

    const trained = await notebook('train-models.ts', dir);
    expect(trained).toMatch(/^training set: \d+ leads, \d+ converted/m);
    expect(trained).toMatch(/channel \(categorical, \d+ values\)/);
    expect(trained).toMatch(/^leakage findings: /m);
    expect(trained).toMatch(/^ {2}logreg {2}logreg-\S+: AUC 0\.\d{3}/m);
    expect(trained).toMatch(/^ {2}neural {2}neural-\S+: AUC 0\.\d{3}/m);
    expect(trained).toMatch(/^ {2}rule score AUC 0\.\d{3}/m);
    const trainHtml = readFileSync(join(dir, 'charts', 'train-models.html'), 'utf8');
    expect(trainHtml.match(/<svg/g)?.length).toBe(2);

    const compared = await notebook('model-vs-rules.ts', dir);
    expect(compared).not.toMatch(/^trained /m); // the champion from train-models is used
    expect(compared).toMatch(/^ {2}rule score AUC 0\.\d{3}/m);
    expect(compared).toMatch(/rank correlation, rule score vs model: Spearman -?0\.\d{3}/);
    expect(compared).toMatch(/^ {2}Form filled\s+(adds value|✗ )/m);
    expect(compared).toMatch(/^suggested rules in .*: AUC 0\.\d{3}/m);
    expect(readFileSync(join(dir, 'charts', 'model-vs-rules.html'), 'utf8').match(/<svg/g)?.length).toBe(3);
    expect(existsSync(join(dir, 'charts', 'model-vs-rules-scatter.html'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'charts', 'model-vs-rules.vl.json'), 'utf8')).mark.type).toBe('circle');
    expect(loadRuleFile(join(dir, 'charts', 'suggested-rules.yaml')).fit.length).toBeGreaterThan(0);
  });
});
