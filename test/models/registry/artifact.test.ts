import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../../core/errors.ts';
import { loadArtifact, saveArtifact } from '../../../models/registry/artifact.ts';
import { fakeArtifact, tempOutputDir } from './registryFixture.ts';

describe('model artifact', () => {
  it('round-trips, with the fields added after format 1 when present', () => {
    const out = tempOutputDir();
    const artifact = fakeArtifact('logreg-a', {
      evaluation: { strategy: 'stratified', trainRows: 6, testRows: 2, fraction: 0.25, seed: 7, holdoutFingerprint: 'abc', metrics: { auc: 0.7 } },
      leakage: { findings: [{ column: 'status_note', auc: 0.99 }] },
    });
    saveArtifact(out, artifact);
    expect(loadArtifact(out, 'logreg-a').artifact).toEqual(artifact);
  });

  it('still loads artifacts written before the optional fields existed', () => {
    const out = tempOutputDir();
    const path = saveArtifact(out, fakeArtifact('logreg-old'));
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    expect(raw.evaluation).toEqual({ strategy: 'time', trainRows: 6, testRows: 2, metrics: { auc: 0.75 } });
    expect('leakage' in raw).toBe(false);
    const { artifact } = loadArtifact(out, 'latest');
    expect(artifact.evaluation.fraction).toBeUndefined();
    expect(artifact.leakage).toBeUndefined();
  });

  it('rejects a file that is not an artifact with a model error naming it', () => {
    const out = tempOutputDir();
    const path = saveArtifact(out, fakeArtifact('logreg-a'));
    writeFileSync(path, JSON.stringify({ format: 'something-else' }));
    const error = (() => {
      try {
        loadArtifact(out, 'logreg-a');
      } catch (e) {
        return e as LeadscoreError;
      }
    })();
    expect(error?.code).toBe('model');
    expect(error?.message).toContain(path);
  });
});
