/** Writes a frame as a training-set file (format: trainingSetFormat.ts). */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import {
  Dictionary,
  Field,
  Int8,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  TimestampMillisecond,
  Utf8,
  Vector,
  type Data,
} from 'apache-arrow';
import { packedLeadIds, type FeatureFrame, type NumericFrameColumn } from '../frame/featureFrame.ts';
import { packStrings, slicePackedStrings, type PackedStrings } from '../frame/packedStrings.ts';
import { indexStorage, storeColumns, type IntegerStorage, type StoredColumns, type StoredNumeric } from './columnStorage.ts';
import { batchRows, formatName, formatVersion, metadataKey, type TrainingSetHeader } from './trainingSetFormat.ts';

/**
 * Writes `frame` and `metadata` (JSON-safe: the model run's config, dates, counts...) to `path`,
 * replacing it. Record batches of 64k rows are written as they are built, so the file is never
 * assembled in memory; stored columns are handed to Arrow without copying. `stored`: the frame's
 * columns as storeColumns gives them, when the caller has them already (for the fingerprint).
 */
export async function writeTrainingSet(
  path: string,
  frame: FeatureFrame,
  metadata: Record<string, unknown>,
  stored: StoredColumns = storeColumns(frame),
): Promise<void> {
  const header: TrainingSetHeader = {
    format: formatName,
    version: formatVersion,
    features: frame.columns.map((column) => ({ name: column.name, kind: column.kind })),
    metadata,
  };
  const headerJson = JSON.stringify(header);
  // One storage per column for the whole file (the schema is the file's): decided from all its values.
  const indexStorages = frame.columns.map((column) => (column.kind === 'categorical' ? indexStorage(column.dictionary.length) : null));
  const dictionaryTypes = indexStorages.map((storage) => (storage ? new Dictionary(new Utf8(), storage.type()) : null));
  const fields = [
    new Field('lead_id', new Utf8(), false),
    new Field('created_at', new TimestampMillisecond(), true),
    new Field('snapshot_at', new TimestampMillisecond(), true),
    new Field('label', new Int8(), true),
    ...frame.columns.map((column, j) => new Field(column.name, stored[j]?.storage.type() ?? dictionaryTypes[j]!, true)),
  ];
  const schema = new Schema(fields, new Map([[metadataKey, headerJson]]));
  // One dictionary vector per column, shared by every batch, so the writer emits it once.
  const dictionaries = frame.columns.map((column) => (column.kind === 'categorical' ? utf8Vector(column.dictionary) : null));
  const leadIds = packedLeadIds(frame);

  const batches = function* () {
    // An empty frame still gets one (empty) batch: dictionaries travel with batches.
    for (let start = 0; start === 0 || start < frame.rows; start += batchRows) {
      const end = Math.min(frame.rows, start + batchRows);
      const children: Data[] = [
        packedUtf8Data(slicePackedStrings(leadIds, start, end)),
        timestampData(frame.createdAt, start, end),
        timestampData(frame.snapshotAt, start, end),
        labelData(frame.label, start, end),
        ...frame.columns.map((column, j) =>
          column.kind === 'numeric'
            ? numericData(stored[j]!, column, start, end)
            : codesData(indexStorages[j]!, dictionaryTypes[j]!, column.codes, start, end, dictionaries[j] as Vector<Utf8>),
        ),
      ];
      yield new RecordBatch(schema, makeData({ type: new Struct(fields), length: end - start, nullCount: 0, children }));
    }
  };
  await writeAtomically(path, async (file) => {
    const writer = new RecordBatchFileWriter();
    let failed = false;
    // Arrow hands over every buffer of a batch separately (a few hundred per batch): they are
    // gathered into writes of about 8 MB, each of which costs a trip to the I/O thread.
    const drain = (async () => {
      const pending: Uint8Array[] = [];
      let size = 0;
      for await (const bytes of writer) {
        pending.push(bytes);
        size += bytes.byteLength;
        if (size >= writeBytes) {
          await file.writev(pending.splice(0));
          size = 0;
        }
      }
      if (pending.length) await file.writev(pending);
    })();
    drain.catch(() => (failed = true));
    for (const batch of batches()) {
      if (failed) break;
      writer.write(batch);
      // Gives the drain a turn between batches. Arrow queues views of the batch's arrays (for
      // numeric columns, of the frame's own), so a backlog costs little extra memory.
      await new Promise((resolve) => setImmediate(resolve));
    }
    writer.finish();
    await drain;
  });
}

const writeBytes = 8 << 20;

/** Writes through a temporary file renamed over `path` at the end: readers never see half a file. */
async function writeAtomically(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  const temporary = `${path}.${process.pid}.partial`;
  const file = await open(temporary, 'w');
  try {
    await write(file);
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
}

/**
 * Arrow validity bitmaps (bit set = valid) with their null count. One loop per kind of missing
 * marker rather than a callback per value: at a million rows × 40 columns the calls were most of
 * the writing time.
 */
interface Validity {
  nullBitmap: Uint8Array;
  nullCount: number;
}

/** Every one of `n` values valid. */
function allValid(n: number): Validity {
  const nullBitmap = new Uint8Array((n + 7) >> 3).fill(0xff);
  if (n & 7) nullBitmap[nullBitmap.length - 1] = (1 << (n & 7)) - 1;
  return { nullBitmap, nullCount: 0 };
}

/** NaN = null. Most slices have none: a counting pass finds that and fills the bitmap at once. */
function nanValidity(values: Float64Array): Validity {
  const n = values.length;
  let nullCount = 0;
  for (let k = 0; k < n; k++) if (values[k] !== values[k]) nullCount++;
  if (nullCount === 0) return allValid(n);
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  nullCount = 0;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (v !== v) nullCount++;
    else nullBitmap[k >> 3] |= 1 << (k & 7);
  }
  return { nullBitmap, nullCount };
}

/** A negative value (missing code, unlabelled) = null; `out` gets 0 in its place, the value elsewhere. */
function negativeValidity(values: Int32Array | Int8Array, out: Int32Array | Int16Array | Int8Array): Validity {
  const n = values.length;
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (v < 0) nullCount++;
    else {
      out[k] = v;
      nullBitmap[k >> 3] |= 1 << (k & 7);
    }
  }
  return { nullBitmap, nullCount };
}

/**
 * A numeric column's rows `start`..`end` in its storage; NaN in the frame's values = null. Those
 * are read only when the column has any: a column kept as integers never makes its doubles.
 */
function numericData({ storage, hasMissing, values: storedValues }: StoredNumeric, column: NumericFrameColumn, start: number, end: number): Data {
  const { nullBitmap, nullCount } = hasMissing ? nanValidity(column.values.subarray(start, end)) : allValid(end - start);
  const data = storedValues.subarray(start, end);
  return makeData({ type: storage.type(), length: end - start, data, nullBitmap, nullCount } as Parameters<typeof makeData>[0]);
}

const littleEndian = endianness() === 'LE';
const twoTo32 = 2 ** 32;

function timestampData(values: Float64Array, start: number, end: number): Data {
  const slice = values.subarray(start, end);
  const { nullBitmap, nullCount } = nanValidity(slice);
  const ms = new BigInt64Array(slice.length);
  if (littleEndian) {
    // Each int64 written as two 32-bit words: exact for whole numbers below 2^53 (any date), and
    // without the BigInt allocated per value that BigInt(x) costs.
    const words = new Uint32Array(ms.buffer);
    for (let k = 0; k < slice.length; k++) {
      const v = slice[k];
      if (v !== v) continue;
      const whole = Math.round(v);
      const high = Math.floor(whole / twoTo32);
      words[2 * k] = whole - high * twoTo32;
      words[2 * k + 1] = high;
    }
  } else {
    for (let k = 0; k < slice.length; k++) if (!Number.isNaN(slice[k])) ms[k] = BigInt(Math.round(slice[k]));
  }
  return makeData({ type: new TimestampMillisecond(), length: slice.length, data: ms, nullBitmap, nullCount });
}

function labelData(label: Int8Array, start: number, end: number): Data {
  const slice = label.subarray(start, end);
  // UNLABELLED (-1) is the only negative label.
  const values = new Int8Array(slice.length);
  const { nullBitmap, nullCount } = negativeValidity(slice, values);
  return makeData({ type: new Int8(), length: slice.length, data: values, nullBitmap, nullCount });
}

function codesData(
  storage: IntegerStorage,
  type: Dictionary<Utf8, ReturnType<IntegerStorage['type']>>,
  codes: Int32Array,
  start: number,
  end: number,
  dictionary: Vector<Utf8>,
): Data {
  const slice = codes.subarray(start, end);
  // Null slots hold 0, not -1: some readers check every index against the dictionary.
  const indices = new storage.array(slice.length) as Int8Array | Int16Array | Int32Array;
  const { nullBitmap, nullCount } = negativeValidity(slice, indices);
  return makeData({ type, length: slice.length, data: indices, nullBitmap, nullCount, dictionary });
}

function utf8Vector(strings: readonly string[]): Vector<Utf8> {
  return new Vector([packedUtf8Data(packStrings(strings))]);
}

function packedUtf8Data({ offsets, bytes }: PackedStrings): Data<Utf8> {
  return makeData({ type: new Utf8(), length: offsets.length - 1, valueOffsets: offsets, data: bytes, nullCount: 0 });
}
