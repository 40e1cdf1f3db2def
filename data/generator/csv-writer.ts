/**
 * A CSV file written in chunks through an fs stream. Rows are appended to a string buffer and
 * handed to the stream 64 KiB at a time; the caller awaits `drain()` when `backedUp` says the
 * stream's own buffer is full, so a 1M-lead run never holds a whole file in memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const CHUNK_CHARS = 1 << 16;

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? '"' + value.replaceAll('"', '""') + '"' : value;
}

export class CsvWriter {
  /** Data rows written so far (the header is not counted). */
  rows = 0;
  private buffer = '';
  /** A write error, kept so the next drain() or close() throws it instead of the process crashing. */
  private error: Error | undefined;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => (this.error ??= error));
  }

  /** Creates (or truncates) the file and writes the header. */
  static async open(path: string, columns: readonly string[]): Promise<CsvWriter> {
    const stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    await once(stream, 'open');
    const writer = new CsvWriter(path, stream);
    writer.buffer = columns.map(csvField).join(',') + '\n';
    return writer;
  }

  /** Appends one data row, already joined and quoted (see csvField), without its line break. */
  row(line: string): void {
    this.buffer += line + '\n';
    this.rows++;
    if (this.buffer.length >= CHUNK_CHARS) {
      this.stream.write(this.buffer);
      this.buffer = '';
    }
  }

  /** True when the stream wants the caller to wait before writing more. */
  get backedUp(): boolean {
    return this.stream.writableNeedDrain;
  }

  /** Resolves once the stream has flushed its buffer (rejects on a write error). */
  async drain(): Promise<void> {
    if (this.error) throw this.error;
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Writes what is buffered and closes the file. */
  async close(): Promise<void> {
    if (this.error) throw this.error;
    this.stream.end(this.buffer);
    this.buffer = '';
    await finished(this.stream);
  }

  /** Closes the file without waiting, after a failure elsewhere. */
  destroy(): void {
    this.stream.destroy();
  }
}
