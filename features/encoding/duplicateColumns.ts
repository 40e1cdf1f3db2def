/**
 * Numeric features that repeat an earlier one exactly on the training rows. They add nothing a
 * model can use, and exact copies make the regularised Hessian nearly singular, which slows
 * L-BFGS down many times over: with a 7-day snapshot, "page views in 30 days" equals "page views
 * in 7 days" for every lead whose events all follow its creation.
 */
import type { FeatureFrame } from '../frame/featureFrame.ts';

export interface DuplicateColumn {
  feature: string;
  duplicateOf: string;
}

function sameOnRows(a: Float64Array, b: Float64Array, rows: ArrayLike<number>): boolean {
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const x = a[i];
    const y = b[i];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/** Later numeric columns equal to an earlier one on `rows`, each named with the one it copies. */
export function findDuplicateColumns(frame: FeatureFrame, rows: ArrayLike<number>): DuplicateColumn[] {
  const kept: Array<{ name: string; values: Float64Array }> = [];
  const duplicates: DuplicateColumn[] = [];
  for (const column of frame.columns) {
    if (column.kind !== 'numeric') continue;
    const original = kept.find((k) => sameOnRows(k.values, column.values, rows));
    if (original) duplicates.push({ feature: column.name, duplicateOf: original.name });
    else kept.push({ name: column.name, values: column.values });
  }
  return duplicates;
}
