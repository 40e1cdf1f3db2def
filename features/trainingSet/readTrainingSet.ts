/**
 * Reads a training-set file (format: trainingSetFormat.ts) back into a frame. Besides files this
 * project wrote, it accepts what other Arrow tools typically make of one: timestamps in any unit,
 * any integer width for label, numeric features and dictionary indices, plain Utf8 categoricals.
 */
import { readFile } from 'node:fs/promises';
import { DataType, TimeUnit, tableFromIPC, type Data, type Field, type Table, type Vector } from 'apache-arrow';
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { MISSING_CODE, UNLABELLED, type FeatureColumn, type FeatureFrame, type FrameColumn } from '../frame/featureFrame.ts';
import { headerSchema, metadataKey, type TrainingSetHeader } from './trainingSetFormat.ts';

export interface TrainingSet {
  frame: FeatureFrame;
  /** The metadata given to writeTrainingSet. */
  metadata: Record<string, unknown>;
}

/** Reads the frame and metadata of a training-set file. */
export async function readTrainingSet(path: string): Promise<TrainingSet> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputError(`cannot read training set ${path}: ${(error as Error).message}`, { where: path, hint: 'run the features step first' });
  }
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new InputError(`${path}: not an Arrow IPC file (${(error as Error).message})`, { where: path, expected: 'a training-set file written by leadscore' });
  }
  const header = readHeader(table, path);
  const rows = table.numRows;
  const columnData = (name: string, expected: string, accepts: (type: DataType) => boolean, required: boolean) => {
    const field = table.schema.fields.find((f: Field) => f.name === name);
    if (!field) {
      if (required) throw new InputError(`${path}: no column ${name}`, { where: path, expected: `a column ${name} (${expected})` });
      return null;
    }
    if (!accepts(field.type)) {
      throw new InputError(`${path}: column ${name} is ${field.type}, expected ${expected}`, { where: `${path} ${name}`, received: String(field.type), expected });
    }
    return (table.getChild(name) as Vector).data;
  };

  const leadIds = readStrings(columnData('lead_id', 'Utf8', DataType.isUtf8, true)!, rows, () => {
    throw new InputError(`${path}: a row has no lead_id`, { where: `${path} lead_id` });
  });
  const timestamps = (name: string) => readTimestamps(columnData(name, 'Timestamp', DataType.isTimestamp, false), rows);
  const labelData = columnData('label', 'Int8 (1, 0, null)', DataType.isInt, false);
  const columns = header.features.map((feature) => readFeature(feature, columnData, rows));
  return {
    frame: {
      rows,
      leadIds,
      createdAt: timestamps('created_at'),
      snapshotAt: timestamps('snapshot_at'),
      label: readLabels(labelData, rows, path),
      columns,
    },
    metadata: header.metadata,
  };
}

type ColumnData = (name: string, expected: string, accepts: (type: DataType) => boolean, required: boolean) => readonly Data[] | null;

function readHeader(table: Table, path: string): TrainingSetHeader {
  const text = table.schema.metadata.get(metadataKey);
  if (text === undefined) {
    throw new InputError(`${path}: not a leadscore training set (no "${metadataKey}" schema metadata)`, { where: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`${path}: the "${metadataKey}" schema metadata is not JSON`, { where: path });
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(`${path}: unsupported training-set header: ${z.prettifyError(parsed.error)}`, { where: path });
  }
  return parsed.data;
}

function readFeature(feature: FeatureColumn, columnData: ColumnData, rows: number): FrameColumn {
  if (feature.kind === 'numeric') {
    const data = columnData(feature.name, 'Float64 or an integer type', (t) => (DataType.isFloat(t) && t.precision === 2) || DataType.isInt(t), true)!;
    return { kind: 'numeric', name: feature.name, values: readFloats(data, rows) };
  }
  const data = columnData(
    feature.name,
    'Dictionary<Utf8, Int32>',
    (t) => DataType.isUtf8(t) || (DataType.isDictionary(t) && DataType.isUtf8(t.dictionary)),
    true,
  )!;
  return { kind: 'categorical', name: feature.name, ...readCategories(data, rows) };
}

function readFloats(data: readonly Data[], rows: number): Float64Array {
  const values = new Float64Array(rows);
  let at = 0;
  for (const chunk of data) {
    copyFloats(chunk.values as ArrayLike<number | bigint>, nullsOf(chunk), chunk.offset, chunk.length, values, at);
    at += chunk.length;
  }
  return values;
}

/** `source` is Float64 or any integer width (64-bit ones as BigInts). */
function copyFloats(source: ArrayLike<number | bigint>, nulls: Uint8Array | null, offset: number, n: number, out: Float64Array, at: number): void {
  if (source instanceof BigInt64Array || source instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) out[at + i] = valid(nulls, offset + i) ? Number(source[offset + i]) : NaN;
    return;
  }
  const numbers = source as ArrayLike<number>;
  for (let i = 0; i < n; i++) out[at + i] = valid(nulls, offset + i) ? numbers[offset + i] : NaN;
}

/** Codes and dictionary of a categorical column stored as Dictionary<Utf8, Int*> or plain Utf8. */
function readCategories(data: readonly Data[], rows: number): { codes: Int32Array; dictionary: string[] } {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codeOf = (value: string | null) => {
    if (value === null) return MISSING_CODE;
    let code = index.get(value);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(value);
      index.set(value, code);
    }
    return code;
  };
  const codes = new Int32Array(rows);
  if (DataType.isUtf8(data[0]?.type)) {
    const strings = readStrings(data, rows, () => null);
    for (let i = 0; i < rows; i++) codes[i] = codeOf(strings[i]);
    return { codes, dictionary };
  }
  // Each chunk's dictionary is mapped to frame codes by text; a file written by leadscore has one
  // dictionary shared by all batches, so the frame's dictionary and codes come back unchanged.
  const mappings = new Map<Vector, Int32Array>();
  let at = 0;
  for (const chunk of data) {
    const chunkDictionary = chunk.dictionary!;
    let mapping = mappings.get(chunkDictionary);
    if (!mapping) {
      mapping = Int32Array.from(chunkDictionary.toArray() as (string | null)[], codeOf);
      mappings.set(chunkDictionary, mapping);
    }
    const indices = chunk.values as ArrayLike<number | bigint>;
    if (indices instanceof BigInt64Array || indices instanceof BigUint64Array) {
      copyCodes(Int32Array.from(indices, Number), nullsOf(chunk), chunk.offset, chunk.length, mapping, codes, at);
    } else {
      copyCodes(indices as ArrayLike<number>, nullsOf(chunk), chunk.offset, chunk.length, mapping, codes, at);
    }
    at += chunk.length;
  }
  return { codes, dictionary };
}

function copyCodes(
  indices: ArrayLike<number>,
  nulls: Uint8Array | null,
  offset: number,
  n: number,
  mapping: Int32Array,
  out: Int32Array,
  at: number,
): void {
  for (let i = 0; i < n; i++) out[at + i] = valid(nulls, offset + i) ? mapping[indices[offset + i]] : MISSING_CODE;
}

/**
 * The chunk's validity bitmap, or null when every value is valid. Looked up once per chunk: the
 * Data getters are too slow to call per value.
 */
function nullsOf(chunk: Data): Uint8Array | null {
  const bitmap = chunk.nullBitmap;
  return bitmap && bitmap.length > 0 && chunk.nullCount > 0 ? bitmap : null;
}

/** Whether bit `bit` (chunk offset included) of a validity bitmap says valid. */
function valid(nulls: Uint8Array | null, bit: number): boolean {
  return nulls === null || (nulls[bit >> 3] & (1 << (bit & 7))) !== 0;
}

function readStrings<N>(data: readonly Data[], rows: number, onNull: () => N): Array<string | N> {
  const out = new Array<string | N>(rows);
  let at = 0;
  for (const chunk of data) {
    const offsets = chunk.valueOffsets as Int32Array;
    const bytes = chunk.values as Uint8Array;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const nulls = nullsOf(chunk);
    for (let i = 0; i < chunk.length; i++, at++) {
      const k = chunk.offset + i;
      out[at] = valid(nulls, k) ? buffer.toString('utf8', offsets[k], offsets[k + 1]) : onNull();
    }
  }
  return out;
}

const msPerUnit: Record<TimeUnit, number> = {
  [TimeUnit.SECOND]: 1000,
  [TimeUnit.MILLISECOND]: 1,
  [TimeUnit.MICROSECOND]: 1e-3,
  [TimeUnit.NANOSECOND]: 1e-6,
};

function readTimestamps(data: readonly Data[] | null, rows: number): Float64Array {
  const out = new Float64Array(rows).fill(NaN);
  if (!data) return out;
  let at = 0;
  for (const chunk of data) {
    const scale = msPerUnit[(chunk.type as unknown as { unit: TimeUnit }).unit];
    const values = chunk.values as ArrayLike<bigint | number>;
    const nulls = nullsOf(chunk);
    const offset = chunk.offset;
    for (let i = 0; i < chunk.length; i++, at++) {
      if (valid(nulls, offset + i)) out[at] = Number(values[offset + i]) * scale;
    }
  }
  return out;
}

function readLabels(data: readonly Data[] | null, rows: number, path: string): Int8Array {
  const out = new Int8Array(rows).fill(UNLABELLED);
  if (!data) return out;
  let at = 0;
  for (const chunk of data) {
    const values = chunk.values as ArrayLike<bigint | number>;
    const nulls = nullsOf(chunk);
    const offset = chunk.offset;
    for (let i = 0; i < chunk.length; i++, at++) {
      if (!valid(nulls, offset + i)) continue;
      const value = Number(values[offset + i]);
      if (value !== 0 && value !== 1) {
        throw new InputError(`${path}: row ${at + 1} has label ${value}, expected 1, 0 or null`, { where: `${path} label`, received: value, expected: '1, 0 or null' });
      }
      out[at] = value;
    }
  }
  return out;
}
