/**
 * Which leads a model's holdout metrics were measured on. Two models whose artifacts carry the
 * same holdout fingerprint were scored on the very same leads with the very same labels, each by
 * a fit that never saw them, so their recorded holdout metrics can be compared directly.
 */
import { createHash } from 'node:crypto';
import type { ModelArtifact } from './artifact.ts';

/** Hash of the holdout's lead ids and labels, in row order. */
export function holdoutFingerprint(leadIds: readonly string[], labels: ArrayLike<number>): string {
  const hash = createHash('sha256');
  for (let i = 0; i < leadIds.length; i++) hash.update(`${leadIds[i]}\t${labels[i] === 1 ? 1 : 0}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** True when both artifacts recorded a finite holdout AUC on the same holdout rows. */
export function sameRecordedHoldout(a: ModelArtifact, b: ModelArtifact): boolean {
  const fa = a.evaluation.holdoutFingerprint;
  return (
    fa !== undefined &&
    fa === b.evaluation.holdoutFingerprint &&
    Number.isFinite(a.evaluation.metrics.auc) &&
    Number.isFinite(b.evaluation.metrics.auc)
  );
}
