/**
 * Finds the file's column for each canonical column of a table: `source.columns` names it, or
 * else the canonical name itself. A required column that is not there stops the run.
 */
import { InputError } from '../../core/errors.ts';
import type { TableSourceConfig } from '../../data/config.ts';
import type { SourceFile } from './sourceFile.ts';

export interface ColumnMapping {
  /** Canonical name → the file's column; absent when the file has none (optional columns only). */
  columns: Map<string, string>;
  warnings: string[];
}

export interface MappingRules {
  required: readonly string[];
  optional: readonly string[];
}

export function mapColumns(source: SourceFile, config: TableSourceConfig, rules: MappingRules): ColumnMapping {
  const known = [...rules.required, ...rules.optional];
  const warnings = Object.keys(config.columns)
    .filter((name) => !known.includes(name))
    .map(
      (name) =>
        `sources.${source.table}.columns.${name} is ignored: ${source.table} has no canonical column "${name}" ` +
        `(expected one of ${known.join(', ')})`,
    );

  const columns = new Map<string, string>();
  for (const canonical of known) {
    const mapped = config.columns[canonical];
    const wanted = mapped ?? canonical;
    const found = findColumn(source.columns, wanted);
    if (found !== undefined) {
      columns.set(canonical, found);
      continue;
    }
    // An explicit mapping is a promise that the column exists, even for an optional column.
    if (rules.required.includes(canonical) || mapped !== undefined) {
      throw new InputError(
        `${source.path}: column "${wanted}" (${source.table}.${canonical}) not found. ` +
          `Columns in the file: ${source.columns.join(', ')}`,
        {
          where: source.path,
          received: source.columns,
          expected: wanted,
          hint: `set sources.${source.table}.columns.${canonical} to the name of the column that holds ${canonical}`,
        },
      );
    }
  }
  return { columns, warnings };
}

/**
 * The file's column called `name`: an exact match, else the only case-insensitive one (DuckDB
 * treats column names case-insensitively anyway).
 */
export function findColumn(columns: readonly string[], name: string): string | undefined {
  if (columns.includes(name)) return name;
  const folded = columns.filter((c) => c.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}
