/**
 * How the training-set file stores a frame's feature columns (trainingSetFormat.ts): a numeric
 * one in the narrowest of Int8, Int16 and Int32 that holds its values exactly, else Float64; the
 * dictionary indices of a categorical one just wide enough for its dictionary.
 *
 * Numeric columns are converted once, whole (`storeColumns`): the writer slices the result into
 * record batches, and the training-data fingerprint hashes it. At 1M leads the stored columns are
 * a quarter of the bytes of the frame's doubles, and hashing the doubles was a fifth of a second.
 */
import { createHash } from 'node:crypto';
import { Float64, Int16, Int32, Int8 } from 'apache-arrow';
import { columnIntegers, packedLeadIds, type FeatureFrame, type NumericFrameColumn } from '../frame/featureFrame.ts';

export interface IntegerStorage {
  type(): Int8 | Int16 | Int32;
  array: Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor;
}
export type ColumnStorage = IntegerStorage | { type(): Float64; array: Float64ArrayConstructor };

const float64Storage: ColumnStorage = { type: () => new Float64(), array: Float64Array };
const int8Storage: IntegerStorage = { type: () => new Int8(), array: Int8Array };
const int16Storage: IntegerStorage = { type: () => new Int16(), array: Int16Array };
const int32Storage: IntegerStorage = { type: () => new Int32(), array: Int32Array };

/** A numeric column as the file stores it. */
export interface StoredNumeric {
  storage: ColumnStorage;
  /** Whether any value is missing (NaN): batches of a column without any skip the NaN scan. */
  hasMissing: boolean;
  /** The column in its storage (the frame's own array for Float64); a missing value is 0 in an integer column. */
  values: Float64Array | Int8Array | Int16Array | Int32Array;
}

/** Per frame column, in frame order: the stored numeric column, or null for a categorical one. */
export type StoredColumns = Array<StoredNumeric | null>;

export function storeColumns(frame: FeatureFrame): StoredColumns {
  return frame.columns.map((column) => (column.kind === 'numeric' ? storeNumeric(column) : null));
}

function storeNumeric(column: NumericFrameColumn): StoredNumeric {
  // A column read as integers is stored from them: no doubles made, no fraction or NaN to look for.
  const integers = columnIntegers(column);
  if (integers) return storeIntegers(integers);
  const { values } = column;
  const { storage, hasMissing } = numericStorage(values);
  if (storage === float64Storage) return { storage, hasMissing, values };
  const stored = new storage.array(values.length);
  // A typed-array copy converts as the file needs: whole numbers exactly, NaN to 0.
  stored.set(values);
  return { storage, hasMissing, values: stored };
}

function storeIntegers(integers: Int32Array): StoredNumeric {
  let min = 0;
  let max = 0;
  for (let k = 0; k < integers.length; k++) {
    const v = integers[k];
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  const storage = integerStorage(min, max);
  if (storage === int32Storage) return { storage, hasMissing: false, values: integers };
  const stored = new storage.array(integers.length);
  stored.set(integers);
  return { storage, hasMissing: false, values: stored };
}

/**
 * The narrowest integer storage holding every non-missing value of `values` exactly, or Float64
 * when one is fractional, beyond 32 bits, infinite or -0 (whose sign an integer would lose); and
 * whether any value is missing.
 */
function numericStorage(values: Float64Array): { storage: ColumnStorage; hasMissing: boolean } {
  // Most columns are small whole numbers without NaN: one pass tracks the range, with one flag
  // for anything else (a fraction, NaN, a value beyond 32 bits, -0) that sends the column to the
  // exact pass below. Flagging without a branch per kind made the pass a third faster.
  let min = 0;
  let max = 0;
  let unusual = false;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v < min) min = v;
    else if (v > max) max = v;
    unusual = unusual || (v | 0) !== v || 1 / v === -Infinity;
  }
  if (unusual) return exactStorage(values);
  return { storage: integerStorage(min, max), hasMissing: false };
}

/** numericStorage for a column with NaN, fractions, large values or -0. */
function exactStorage(values: Float64Array): { storage: ColumnStorage; hasMissing: boolean } {
  let min = 0;
  let max = 0;
  let hasMissing = false;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== v) {
      hasMissing = true;
      continue;
    }
    if ((v | 0) !== v || 1 / v === -Infinity) return { storage: float64Storage, hasMissing: true };
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  return { storage: integerStorage(min, max), hasMissing };
}

function integerStorage(min: number, max: number): IntegerStorage {
  return min >= -128 && max <= 127 ? int8Storage : min >= -32768 && max <= 32767 ? int16Storage : int32Storage;
}

/** Dictionary indices just wide enough for a dictionary of `size` entries. */
export function indexStorage(size: number): IntegerStorage {
  return size <= 128 ? int8Storage : size <= 32768 ? int16Storage : int32Storage;
}

/**
 * A hash of the training data (lead ids, labels, features), recorded in its metadata so a model
 * can be traced to the data it saw. The same values give the same fingerprint whichever way a
 * frame was built; a numeric column is hashed as stored, plus its doubles when it has NaN (which
 * an integer column stores as 0).
 */
export function trainingDataFingerprint(frame: FeatureFrame, stored: StoredColumns = storeColumns(frame)): string {
  const ids = packedLeadIds(frame);
  const hash = createHash('sha256');
  const update = (part: ArrayBufferView) => hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  update(ids.offsets);
  update(ids.bytes);
  update(frame.label);
  frame.columns.forEach((column, j) => {
    if (column.kind === 'categorical') return update(column.codes);
    const { storage, hasMissing, values } = stored[j]!;
    hash.update(storage === float64Storage ? 'f' : `i${values.BYTES_PER_ELEMENT}`);
    update(values);
    if (hasMissing && storage !== float64Storage) update(column.values);
  });
  return hash.digest('hex').slice(0, 16);
}
