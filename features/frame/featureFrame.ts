/**
 * The in-memory feature frame: one row per lead, stored by column in typed arrays so a million
 * leads × ~40 features stay a few hundred MB. Frames are never mutated once built; stages that
 * select or transform rows return new frames (arrays that did not change, like dictionaries, are
 * shared).
 */
import type { FeatureColumn } from '../featureTable/leadFeatures.ts';
import { packStrings, unpackStrings, type PackedStrings } from './packedStrings.ts';

export type { FeatureColumn, FeatureKind } from '../featureTable/leadFeatures.ts';

/** A numeric feature; NaN = missing. (See also integerColumn.) */
export interface NumericFrameColumn {
  kind: 'numeric';
  name: string;
  values: Float64Array;
}

/**
 * A dictionary-encoded categorical feature; code -1 = missing. Codes only mean something
 * together with their frame's dictionary: two frames read separately number categories
 * differently, so compare categories by string.
 */
export interface CategoricalFrameColumn {
  kind: 'categorical';
  name: string;
  codes: Int32Array;
  dictionary: string[];
}

export type FrameColumn = NumericFrameColumn | CategoricalFrameColumn;

export interface FeatureFrame {
  rows: number;
  leadIds: string[];
  /** Epoch milliseconds; NaN when the lead has none. */
  createdAt: Float64Array;
  /** Epoch milliseconds; NaN when the lead has none. */
  snapshotAt: Float64Array;
  /** 1 converted, 0 not, -1 unlabelled (a lead to be scored). */
  label: Int8Array;
  columns: FrameColumn[];
}

/** Label value of a lead without an outcome yet. */
export const UNLABELLED = -1;

/** Code of a missing categorical value. */
export const MISSING_CODE = -1;

/** The frame's feature columns as name and kind, in frame order. */
export function frameFeatures(frame: FeatureFrame): FeatureColumn[] {
  return frame.columns.map((column) => ({ name: column.name, kind: column.kind }));
}

/** The column called `name`, or undefined. */
export function findFrameColumn(frame: FeatureFrame, name: string): FrameColumn | undefined {
  return frame.columns.find((column) => column.name === name);
}

const packedIds = new WeakMap<FeatureFrame, PackedStrings>();

/**
 * A frame whose lead ids come packed (packedStrings.ts): its `leadIds` makes the strings on first
 * use and keeps them, while `packedLeadIds` hands back the packed ids without making them. A copy
 * of the frame (`{ ...frame }`) is an ordinary frame with the strings.
 */
export function withPackedLeadIds(frame: Omit<FeatureFrame, 'leadIds'>, ids: PackedStrings): FeatureFrame {
  let strings: string[] | undefined;
  const packed: FeatureFrame = {
    ...frame,
    get leadIds() {
      strings ??= unpackStrings(ids);
      return strings;
    },
  };
  packedIds.set(packed, ids);
  return packed;
}

/** The frame's lead ids packed as Arrow's Utf8: as they were read, or packed now. */
export function packedLeadIds(frame: FeatureFrame): PackedStrings {
  return packedIds.get(frame) ?? packStrings(frame.leadIds);
}

const integerSources = new WeakMap<NumericFrameColumn, Int32Array>();

/**
 * A numeric column whose values are whole numbers without NULLs, kept as 32-bit integers (how
 * DuckDB sends event counts): its `values` makes the doubles on first use. The training-set writer
 * stores such a column straight from the integers (columnIntegers), so `leadscore features`
 * never makes the doubles: at 1M leads, 250 MB less and a third of a second less to read them.
 * Its `values` is a getter of its own, which makes reading it value by value in a hot loop over
 * many columns several times slower: frames for computing keep doubles (readFeatureFrame).
 */
export function integerColumn(name: string, integers: Int32Array): NumericFrameColumn {
  let values: Float64Array | undefined;
  const column: NumericFrameColumn = {
    kind: 'numeric',
    name,
    get values() {
      values ??= Float64Array.from(integers);
      return values;
    },
  };
  integerSources.set(column, integers);
  return column;
}

/** The integers an integerColumn was made from; undefined for any other column. */
export function columnIntegers(column: NumericFrameColumn): Int32Array | undefined {
  return integerSources.get(column);
}
