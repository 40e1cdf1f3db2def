/**
 * Writes a report file all at once: to a temporary file beside the target, then renamed over
 * it, so a reader (or a mail client attaching it) never sees half a report and a failed run
 * leaves the previous file as it was.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LeadscoreError } from '../../../core/errors.ts';

export function writeFileAtomic(path: string, content: string): string {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is unusable: nothing was written, nothing to remove.
    }
    throw new LeadscoreError('input', `cannot write ${target}: ${(error as Error).message}`, { where: target });
  }
  return target;
}
