/**
 * Check (b): categorical values whose leads (almost) all converted or (almost) all did not, held
 * by enough leads to matter. A status a salesperson records after the outcome ("Closed by
 * Horizzon", "Already a student") looks like this; an honest attribute rarely does at scale.
 * Missing counts as a value: a field filled in only for leads someone worked leaks through its
 * emptiness.
 */
import type { CategoricalFrameColumn } from '../frame/featureFrame.ts';
import { categoryCounts, categoryOf } from './categoryCounts.ts';
import { formatShare } from './formatShare.ts';
import type { LeakageFinding } from './leakageFinding.ts';
import type { LeakageOptions } from './leakageOptions.ts';

/** `rows` are the labelled frame rows, `y` their labels (aligned), `baseRate` their conversion rate. */
export function pureCategoryFindings(
  column: CategoricalFrameColumn,
  rows: Uint32Array,
  y: Uint8Array,
  baseRate: number,
  options: LeakageOptions,
): LeakageFinding[] {
  const counts = categoryCounts(column, rows, y);
  const minRows = Math.max(options.minSupportRows, options.minSupportShare * rows.length);
  const findings: LeakageFinding[] = [];
  for (let slot = 0; slot < counts.rows.length; slot++) {
    const n = counts.rows[slot];
    if (n === 0 || n < minRows) continue;
    const rate = counts.positives[slot] / n;
    if (rate > options.pureRate && rate < 1 - options.pureRate) continue;
    const value = categoryOf(column, slot);
    const subject = value === null ? `${column.name} missing` : `${column.name} = ${JSON.stringify(value)}`;
    findings.push({
      kind: 'pure_category',
      feature: column.name,
      value,
      evidence: `${subject}: ${n} leads, ${formatShare(rate)} converted (${formatShare(n / rows.length)} of rows; overall ${formatShare(baseRate)})`,
      metrics: { rows: n, positives: counts.positives[slot], rate, share: n / rows.length, base_rate: baseRate },
      severity: 'warning',
    });
  }
  return findings;
}
