/** Rows and conversions per category of a categorical column, missing counted as its own value. */
import type { CategoricalFrameColumn } from '../frame/featureFrame.ts';

export interface CategoryCounts {
  /** Index c + 1 is code c; index 0 is missing (code −1). */
  rows: Float64Array;
  positives: Float64Array;
}

/** Over the frame rows at `rows`, whose labels (0/1) are `y`, aligned. */
export function categoryCounts(column: CategoricalFrameColumn, rows: Uint32Array, y: Uint8Array): CategoryCounts {
  const size = column.dictionary.length + 1;
  const counts = { rows: new Float64Array(size), positives: new Float64Array(size) };
  for (let k = 0; k < rows.length; k++) {
    const slot = column.codes[rows[k]] + 1;
    counts.rows[slot]++;
    counts.positives[slot] += y[k];
  }
  return counts;
}

/** The value of slot `slot` for a person: the category, or null for missing. */
export function categoryOf(column: CategoricalFrameColumn, slot: number): string | null {
  return slot === 0 ? null : column.dictionary[slot - 1];
}
