import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPointer, writePointer } from '../../../models/registry/pointers.ts';
import { tempOutputDir } from './registryFixture.ts';

describe('registry pointers', () => {
  it('reads null before a pointer is written, then the last id written', () => {
    const out = tempOutputDir();
    expect(readPointer(out, 'champion')).toBeNull();
    writePointer(out, 'champion', 'logreg-a');
    writePointer(out, 'champion', 'logreg-b');
    expect(readPointer(out, 'champion')).toBe('logreg-b');
    expect(readPointer(out, 'latest')).toBeNull();
  });

  it('leaves no temp file behind', () => {
    const out = tempOutputDir();
    writePointer(out, 'latest', 'logreg-a');
    writePointer(out, 'champion', 'logreg-a');
    expect(readdirSync(join(out, 'models')).sort()).toEqual(['champion', 'latest']);
  });

  it('treats an empty pointer file as no pointer', () => {
    const out = tempOutputDir();
    mkdirSync(join(out, 'models'));
    writeFileSync(join(out, 'models', 'champion'), '\n');
    expect(readPointer(out, 'champion')).toBeNull();
  });
});
