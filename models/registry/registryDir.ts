/** Where a registry lives under an output dir, and which model versions it holds. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function modelsDir(outputDir: string): string {
  return join(outputDir, 'models');
}

export function artifactPath(outputDir: string, id: string): string {
  return join(modelsDir(outputDir), id, 'model.json');
}

/**
 * Ids of the model folders that hold a model.json, sorted by name. Pointer files, temp files
 * and half-written folders (a crash before the rename) are not models.
 */
export function modelIds(outputDir: string): string[] {
  const dir = modelsDir(outputDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'model.json')))
    .map((entry) => entry.name)
    .sort();
}
