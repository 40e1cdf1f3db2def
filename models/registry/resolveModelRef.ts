/**
 * Turns what a user types (`latest`, `champion`, or a model id) into a model id of the registry.
 *
 * The champion is the model `leadscore score` uses by default. Training writes the champion
 * pointer when there is none (see saveArtifact), so on a fresh registry the first trained model
 * is champion and a new user can score right after training; after that only
 * `leadscore models promote` moves it. A registry written before champions existed has no
 * pointer: there `champion` means `latest`, which is what scoring used back then.
 */
import { LeadscoreError } from '../../core/errors.ts';
import { readPointer, type PointerName } from './pointers.ts';
import { modelIds, modelsDir } from './registryDir.ts';

export function isPointerName(ref: string): ref is PointerName {
  return ref === 'latest' || ref === 'champion';
}

/** The champion's id and whether a promotion (or the first training) set it; null on an empty registry. */
export function currentChampion(outputDir: string): { id: string; fromLatest: boolean } | null {
  const ids = new Set(modelIds(outputDir));
  const champion = readPointer(outputDir, 'champion');
  if (champion !== null) return ids.has(champion) ? { id: champion, fromLatest: false } : null;
  const latest = readPointer(outputDir, 'latest');
  return latest !== null && ids.has(latest) ? { id: latest, fromLatest: true } : null;
}

export function resolveModelRef(outputDir: string, ref: string): string {
  const ids = modelIds(outputDir);
  const dir = modelsDir(outputDir);
  if (ids.length === 0) {
    throw new LeadscoreError('model', `no trained model in ${dir}`, { hint: 'run leadscore train --config <file> first' });
  }
  if (!isPointerName(ref)) {
    if (ids.includes(ref)) return ref;
    throw new LeadscoreError('model', `model "${ref}" not found in ${dir}`, { received: ref, expected: knownRefs(ids) });
  }
  const pointer = ref === 'champion' ? (readPointer(outputDir, 'champion') ?? readPointer(outputDir, 'latest')) : readPointer(outputDir, 'latest');
  if (pointer === null) {
    throw new LeadscoreError('model', `${dir} has no "${ref}" pointer`, { expected: knownRefs(ids) });
  }
  if (!ids.includes(pointer)) {
    throw new LeadscoreError('model', `the "${ref}" pointer in ${dir} names model "${pointer}", which is not in the registry`, {
      expected: knownRefs(ids),
      hint: ref === 'champion' ? 'promote a model: leadscore models promote <id> --config <file>' : 'retrain, or pass a model id',
    });
  }
  return pointer;
}

/** The ids a user may pass, for error messages; a long registry is cut to its last 20 names. */
function knownRefs(ids: string[]): string {
  const shown = ids.length > 20 ? [...ids.slice(-20), `… ${ids.length - 20} more (leadscore models list)`] : ids;
  return `one of: ${shown.join(', ')}, or latest, or champion`;
}
