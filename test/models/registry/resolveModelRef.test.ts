import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../../core/errors.ts';
import { loadArtifact, saveArtifact } from '../../../models/registry/artifact.ts';
import { writePointer } from '../../../models/registry/pointers.ts';
import { modelIds } from '../../../models/registry/registryDir.ts';
import { currentChampion, resolveModelRef } from '../../../models/registry/resolveModelRef.ts';
import { fakeArtifact, tempOutputDir } from './registryFixture.ts';

function errorOf(run: () => unknown): LeadscoreError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LeadscoreError);
    return error as LeadscoreError;
  }
  throw new Error('expected an error');
}

describe('resolveModelRef and the champion', () => {
  it('makes the first saved model champion; later ones only move latest', () => {
    const out = tempOutputDir();
    saveArtifact(out, fakeArtifact('logreg-a'));
    saveArtifact(out, fakeArtifact('logreg-b'));
    expect(resolveModelRef(out, 'champion')).toBe('logreg-a');
    expect(resolveModelRef(out, 'latest')).toBe('logreg-b');
    expect(resolveModelRef(out, 'logreg-a')).toBe('logreg-a');
    expect(currentChampion(out)).toEqual({ id: 'logreg-a', fromLatest: false });
    expect(loadArtifact(out, 'champion').artifact.id).toBe('logreg-a');
  });

  it('keeps a promoted champion when more models are saved', () => {
    const out = tempOutputDir();
    saveArtifact(out, fakeArtifact('logreg-a'));
    saveArtifact(out, fakeArtifact('logreg-b'));
    writePointer(out, 'champion', 'logreg-b');
    saveArtifact(out, fakeArtifact('logreg-c'));
    expect(resolveModelRef(out, 'champion')).toBe('logreg-b');
    expect(resolveModelRef(out, 'latest')).toBe('logreg-c');
  });

  it('reads champion as latest in a registry written before champions existed', () => {
    const out = tempOutputDir();
    saveArtifact(out, fakeArtifact('logreg-a'));
    saveArtifact(out, fakeArtifact('logreg-b'));
    rmSync(join(out, 'models', 'champion'));
    expect(resolveModelRef(out, 'champion')).toBe('logreg-b');
    expect(currentChampion(out)).toEqual({ id: 'logreg-b', fromLatest: true });
  });

  it('names the known ids when a model is not found (exit 2)', () => {
    const out = tempOutputDir();
    saveArtifact(out, fakeArtifact('logreg-a'));
    saveArtifact(out, fakeArtifact('logreg-b'));
    const error = errorOf(() => resolveModelRef(out, 'logreg-zzz'));
    expect(error.code).toBe('model');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('"logreg-zzz" not found');
    expect(error.details.expected).toBe('one of: logreg-a, logreg-b, or latest, or champion');
  });

  it('does not take a path for an id', () => {
    const out = tempOutputDir();
    saveArtifact(out, fakeArtifact('logreg-a'));
    expect(errorOf(() => resolveModelRef(out, '../models/logreg-a')).code).toBe('model');
  });

  it('says no model was trained on an empty registry', () => {
    const error = errorOf(() => resolveModelRef(tempOutputDir(), 'champion'));
    expect(error.message).toMatch(/no trained model/);
    expect(error.details.hint).toMatch(/leadscore train/);
  });

  it('stops on a pointer naming a model that is gone, and lists the ids instead', () => {
    const out = tempOutputDir();
    saveArtifact(out, fakeArtifact('logreg-a'));
    writePointer(out, 'champion', 'logreg-deleted');
    const error = errorOf(() => resolveModelRef(out, 'champion'));
    expect(error.message).toContain('names model "logreg-deleted"');
    expect(error.details.expected).toContain('logreg-a');
    expect(currentChampion(out)).toBeNull();
  });

  it('ignores pointer files, temp files and folders without a model.json', () => {
    const out = tempOutputDir();
    saveArtifact(out, fakeArtifact('logreg-a'));
    writeFileSync(join(out, 'models', '.champion.1.tmp'), 'x');
    mkdirSync(join(out, 'models', 'logreg-half'));
    expect(modelIds(out)).toEqual(['logreg-a']);
  });
});
