/**
 * Named pointers into the registry (`latest`, `champion`): one small file each holding a model
 * id. Written through a temp file and a rename, so a reader never sees a half-written id and a
 * crash leaves the previous pointer in place.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelsDir } from './registryDir.ts';

export type PointerName = 'latest' | 'champion';

export const pointerNames: readonly PointerName[] = ['latest', 'champion'];

/** The id a pointer names, or null when the pointer was never written (or is empty). */
export function readPointer(outputDir: string, name: PointerName): string | null {
  const path = join(modelsDir(outputDir), name);
  if (!existsSync(path)) return null;
  const id = readFileSync(path, 'utf8').trim();
  return id === '' ? null : id;
}

export function writePointer(outputDir: string, name: PointerName, id: string): void {
  const dir = modelsDir(outputDir);
  mkdirSync(dir, { recursive: true });
  // A unique temp name: two processes moving the same pointer must not write into one temp file.
  const temp = join(dir, `.${name}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    writeFileSync(temp, id + '\n');
    renameSync(temp, join(dir, name));
  } finally {
    rmSync(temp, { force: true });
  }
}
