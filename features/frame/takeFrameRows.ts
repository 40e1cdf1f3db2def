/** Row selection on a frame (train/test splits, samples). */
import type { FeatureFrame, FrameColumn } from './featureFrame.ts';

/**
 * A new frame with the rows at `indices`, in that order (an index may repeat). Dictionaries are
 * shared with the input, so codes keep their meaning.
 */
export function takeFrameRows(frame: FeatureFrame, indices: ArrayLike<number>): FeatureFrame {
  checkRowIndices(indices, frame.rows);
  const n = indices.length;
  const leadIds = new Array<string>(n);
  // Read once: a frame read from DuckDB makes its leadIds on first use, behind a getter.
  const ids = frame.leadIds;
  for (let k = 0; k < n; k++) leadIds[k] = ids[indices[k]];
  const columns: FrameColumn[] = frame.columns.map((column) =>
    column.kind === 'numeric'
      ? { kind: 'numeric', name: column.name, values: gather(column.values, indices, new Float64Array(n)) }
      : { kind: 'categorical', name: column.name, codes: gather(column.codes, indices, new Int32Array(n)), dictionary: column.dictionary },
  );
  return {
    rows: n,
    leadIds,
    createdAt: gather(frame.createdAt, indices, new Float64Array(n)),
    snapshotAt: gather(frame.snapshotAt, indices, new Float64Array(n)),
    label: gather(frame.label, indices, new Int8Array(n)),
    columns,
  };
}

/** Throws a RangeError unless every index is an integer row of a frame with `rows` rows. */
export function checkRowIndices(indices: ArrayLike<number>, rows: number): void {
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= rows) {
      throw new RangeError(`row index ${i} (at position ${k}) is not a row of a frame with ${rows} rows`);
    }
  }
}

function gather<A extends Float64Array | Int32Array | Int8Array>(source: A, indices: ArrayLike<number>, out: A): A {
  for (let k = 0; k < out.length; k++) out[k] = source[indices[k]];
  return out;
}
