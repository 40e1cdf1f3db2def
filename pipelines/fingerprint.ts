/**
 * Cheap fingerprints of source files, recorded in metadata so a model can be traced to the data
 * it saw (the training data's own is features/trainingSet/columnStorage.ts). A source file is fingerprinted by its size and the hash of its first
 * and last MiB rather than all of it: a 1 GB export would otherwise cost seconds per run.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const sample = 1 << 20;

export function fileFingerprint(path: string): string {
  const { size } = statSync(path);
  const hash = createHash('sha256').update(String(size));
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(sample, size));
    readSync(fd, buffer, 0, buffer.length, 0);
    hash.update(buffer);
    if (size > sample) {
      readSync(fd, buffer, 0, buffer.length, size - buffer.length);
      hash.update(buffer);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Hash of strings and typed arrays (a PostgreSQL source's definition; training data has trainingDataFingerprint). */
export function dataFingerprint(parts: Array<ArrayBufferView | string>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? part : new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}
