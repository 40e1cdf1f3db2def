/**
 * Streams a PredictionBatch into a PostgreSQL `COPY ... FROM STDIN` in the binary format. Values
 * never pass through SQL, and in the binary format not even through an escaping rule: each is a
 * length and its bytes, so a lead id holding quotes, semicolons, tabs, newlines, backslashes or a
 * lone `\.` lands exactly as it was. Doubles travel as their 8 bytes (exact, and far cheaper for
 * the server than parsing text).
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { LeadscoreError } from '../../core/errors.ts';
import { ident } from '../../core/sql.ts';
import { predictionColumns, type PredictionBatch } from './predictions.ts';

/** Where a COPY stands, for callers that act between chunks (progress, fault tests). */
export interface CopyProgress {
  rowsSent: number;
  totalRows: number;
  /** The server process running the COPY (pg_stat_activity.pid). */
  backendPid: number;
}

export interface CopyOptions {
  /** Rows per CopyData chunk; about 150 bytes each. */
  chunkRows?: number;
  /**
   * Awaited after each chunk has reached the server's COPY (not before it started), so whatever
   * it does happens while the COPY is open.
   */
  onProgress?: (progress: CopyProgress) => void | Promise<void>;
}

const defaultChunkRows = 4096;
/** Signature, flags (no OIDs), header-extension length: PostgreSQL's binary COPY header. */
const binaryHeader = Buffer.from('PGCOPY\n\xff\r\n\0' + '\0\0\0\0' + '\0\0\0\0', 'latin1');
const binaryTrailer = Buffer.from([0xff, 0xff]);

function grow(buffer: Buffer, used: number, needed: number): Buffer {
  if (used + needed <= buffer.length) return buffer;
  const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + needed));
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}

/**
 * Rows [start, end) of the batch as binary COPY tuples, columns in predictionColumns order (the
 * stream's header and trailer are added by copyPredictions). Throws an input error for a NUL
 * character, which PostgreSQL text cannot hold, naming the column and the row.
 */
export function encodeBinaryRows(batch: PredictionBatch, start: number, end: number): Buffer {
  const columnCount = predictionColumns.length;
  let buffer: Buffer = Buffer.allocUnsafe(Math.max(1024, (end - start) * 256));
  let used = 0;
  for (let i = start; i < end; i++) {
    buffer = grow(buffer, used, 2 + columnCount * 12);
    buffer.writeInt16BE(columnCount, used);
    used += 2;
    for (let j = 0; j < columnCount; j++) {
      const [name, , valueOf] = predictionColumns[j];
      const cell = valueOf(batch, i);
      if (cell.value === null) {
        buffer.writeInt32BE(-1, used);
        used += 4;
      } else if (cell.kind === 'double') {
        buffer.writeInt32BE(8, used);
        buffer.writeDoubleBE(cell.value, used + 4);
        used += 12;
      } else {
        const value = cell.value;
        if (value.includes('\0')) {
          throw new LeadscoreError('input', `${name} of prediction ${i + 1} holds a NUL character, which PostgreSQL text cannot store`, {
            where: name,
            received: value.replaceAll('\0', '\\0'),
          });
        }
        // UTF-8 takes at most 3 bytes per UTF-16 code unit; room for the columns still to come.
        buffer = grow(buffer, used, 4 + value.length * 3 + (columnCount - j) * 12);
        const bytes = buffer.write(value, used + 4, 'utf8');
        buffer.writeInt32BE(bytes, used);
        used += 4 + bytes;
      }
    }
  }
  return buffer.subarray(0, used);
}

/**
 * Copies the batch into `table` (an already quoted name whose columns are predictionColumns).
 * Resolves with the row count the server reports; rejects with the server's or the socket's error.
 */
export async function copyPredictions(client: pg.Client, table: string, batch: PredictionBatch, options: CopyOptions = {}): Promise<number> {
  const chunkRows = options.chunkRows ?? defaultChunkRows;
  const columns = predictionColumns.map(([name]) => ident(name)).join(', ');
  const stream = client.query(copyFrom(`copy ${table} (${columns}) from stdin with (format binary)`));
  // The first error wins: the server's reason (e.g. "terminating connection due to administrator
  // command") arrives before the socket closes, and later writes only fail with less telling errors.
  let streamFailed = false;
  const failure = new Promise<never>((_, reject) =>
    stream.once('error', (error) => {
      streamFailed = true;
      reject(error);
    }),
  );
  failure.catch(() => {});
  const backendPid = (client as unknown as { processID: number }).processID;
  const total = batch.leadIds.length;
  try {
    stream.write(binaryHeader);
    for (let start = 0; start < total; start += chunkRows) {
      const end = Math.min(total, start + chunkRows);
      const chunk = encodeBinaryRows(batch, start, end);
      // The write callback fires once the socket has taken the chunk, which is only after the
      // server accepted the COPY: memory stays at a chunk or two, and onProgress runs while the
      // COPY is open.
      await Promise.race([failure, new Promise<void>((resolve, reject) => stream.write(chunk, (e) => (e ? reject(e) : resolve())))]);
      await options.onProgress?.({ rowsSent: end, totalRows: total, backendPid });
    }
    const finished = new Promise<void>((resolve) => stream.once('finish', resolve));
    stream.end(binaryTrailer);
    await Promise.race([failure, finished]);
  } catch (error) {
    // Abort a COPY the server still has open (our own encoding error, a failing onProgress):
    // CopyFail rolls it back and leaves the connection usable. After a server-side or socket
    // failure there is nothing left to abort.
    if (!streamFailed) {
      await new Promise<void>((resolve) => {
        stream.once('error', () => resolve());
        stream.destroy(error as Error);
      });
    }
    throw error;
  }
  return stream.rowCount;
}
