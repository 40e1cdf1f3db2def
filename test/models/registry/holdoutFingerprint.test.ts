import { describe, expect, it } from 'vitest';
import { holdoutFingerprint, sameRecordedHoldout } from '../../../models/registry/holdoutFingerprint.ts';
import { fakeArtifact } from './registryFixture.ts';

const evaluation = (fingerprint: string | undefined, auc = 0.7) => ({
  evaluation: { strategy: 'time', trainRows: 6, testRows: 2, holdoutFingerprint: fingerprint, metrics: { auc } },
});

describe('holdout fingerprints', () => {
  it('change with the leads, their order and their labels', () => {
    const base = holdoutFingerprint(['a', 'b'], [1, 0]);
    expect(holdoutFingerprint(['a', 'b'], Int8Array.from([1, 0]))).toBe(base);
    expect(holdoutFingerprint(['b', 'a'], [0, 1])).not.toBe(base);
    expect(holdoutFingerprint(['a', 'b'], [1, 1])).not.toBe(base);
    expect(holdoutFingerprint(['a', 'c'], [1, 0])).not.toBe(base);
    // Ids are delimited: "ab" + "c" is not "a" + "bc".
    expect(holdoutFingerprint(['ab', 'c'], [0, 0])).not.toBe(holdoutFingerprint(['a', 'bc'], [0, 0]));
  });

  it('make recorded metrics comparable only when both sides recorded the same one', () => {
    const a = fakeArtifact('logreg-a', evaluation('h1'));
    expect(sameRecordedHoldout(a, fakeArtifact('logreg-b', evaluation('h1')))).toBe(true);
    expect(sameRecordedHoldout(a, fakeArtifact('logreg-b', evaluation('h2')))).toBe(false);
    expect(sameRecordedHoldout(a, fakeArtifact('logreg-b', evaluation(undefined)))).toBe(false);
    expect(sameRecordedHoldout(fakeArtifact('logreg-a', evaluation(undefined)), fakeArtifact('logreg-b', evaluation(undefined)))).toBe(false);
    expect(sameRecordedHoldout(a, fakeArtifact('logreg-b', evaluation('h1', NaN)))).toBe(false);
  });
});
