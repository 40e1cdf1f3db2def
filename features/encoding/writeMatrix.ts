/** Assembles encoder outputs into one row-major matrix. */
import { createMatrix, type Matrix } from '../../models/matrix.ts';
import type { RowWriter } from './columnEncoder.ts';

/**
 * Rows are written in blocks of about this many bytes of output, every encoder per block, so the
 * block stays in cache while each encoder fills its columns (writing whole columns one after the
 * other would stream the full matrix through memory once per encoder).
 */
const blockBytes = 256 * 1024;

/** A typed array cannot be longer than this. */
const maxLength = 2 ** 32 - 1;

export interface MatrixPart {
  writer: RowWriter;
  /** First output column of this part. */
  offset: number;
}

/** Frame rows [start, end) of the output, and optionally a buffer to write them into. */
export interface RowRange {
  start: number;
  end: number;
  /**
   * Reused across calls (batch scoring), it saves allocating and first touching fresh memory,
   * which costs more than the encoding itself. Needs (end − start) × columns values; the matrix
   * returned views its beginning, so it is only valid until the buffer is written again.
   */
  out?: Float64Array;
}

export function writeMatrix(columns: readonly string[], parts: readonly MatrixPart[], range: RowRange): Matrix {
  const { start, end } = range;
  const rows = end - start;
  const cols = columns.length;
  const size = rows * cols;
  if (size > maxLength) {
    throw new RangeError(`encoded matrix would have ${rows} × ${cols} values, more than the ${maxLength} one array can hold; encode fewer rows at a time`);
  }
  let data: Float64Array;
  if (range.out) {
    if (range.out.length < size) throw new RangeError(`output buffer holds ${range.out.length} values, ${rows} rows × ${cols} columns need ${size}`);
    data = range.out.subarray(0, size).fill(0);
  } else {
    data = new Float64Array(size);
  }
  const block = Math.max(1, Math.floor(blockBytes / Math.max(1, cols * 8)));
  for (let from = start; from < end; from += block) {
    const to = Math.min(end, from + block);
    for (const part of parts) part.writer(data, cols, part.offset - start * cols, from, to);
  }
  return createMatrix(rows, columns, data);
}

/** Checks a row range against a frame's row count. */
export function checkRowRange(start: number, end: number, rows: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > rows || start > end) {
    throw new RangeError(`rows ${start} to ${end} are not a range of a frame with ${rows} rows`);
  }
}
