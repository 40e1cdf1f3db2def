import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../data/contract.ts';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'data', 'CONTRACT.md'), 'utf8');

/** The column names documented in the table under `## <table>`. */
function documentedColumns(table: string): string[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${table} `));
  if (!section) return [];
  return [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
}

describe('data contract documentation', () => {
  it.each(Object.keys(contract))('documents exactly the columns of %s', (table) => {
    const columns = contract[table as keyof typeof contract].map((c) => c.name);
    expect(documentedColumns(table)).toEqual(columns);
  });
});
