/**
 * Which columns of the leads file become attributes: every column not used for a canonical column
 * or the label, narrowed by `attributes.include` / `exclude`. Names the config lists must exist,
 * and an attribute may not take a name the leads table already uses.
 */
import { InputError } from '../../core/errors.ts';
import type { LeadsSourceConfig } from '../../data/config.ts';
import { findColumn } from './mapColumns.ts';
import type { SourceFile } from './sourceFile.ts';

export interface AttributeSelection {
  /** The file's column names, in file order. */
  names: string[];
  /** Forced numeric / categorical (the file's column names); the others are inferred. */
  numeric: Set<string>;
  categorical: Set<string>;
}

/**
 * @param used the file's columns already taken, each with what it is used for (`leads.channel`, `label`).
 * @param reserved the leads table's own column names, which an attribute may not reuse.
 */
export function selectAttributes(
  source: SourceFile,
  config: LeadsSourceConfig['attributes'],
  used: ReadonlyMap<string, string>,
  reserved: readonly string[],
): AttributeSelection {
  const resolve = (key: string, names: readonly string[]) =>
    names.map((name) => {
      const found = findColumn(source.columns, name);
      if (found === undefined) {
        throw new InputError(
          `${source.path}: column "${name}" listed in sources.leads.attributes.${key} is not in the file. ` +
            `Columns in the file: ${source.columns.join(', ')}`,
          { where: source.path, received: name, expected: 'a column of the leads file' },
        );
      }
      return found;
    });

  const include = config.include ? new Set(resolve('include', config.include)) : undefined;
  const exclude = new Set(resolve('exclude', config.exclude));
  const numeric = new Set(resolve('numeric', config.numeric));
  const categorical = new Set(resolve('categorical', config.categorical));

  for (const name of numeric) {
    if (categorical.has(name)) {
      throw new InputError(`${source.path}: column "${name}" is listed as both numeric and categorical`, {
        where: 'sources.leads.attributes',
        hint: 'keep it in one of attributes.numeric / attributes.categorical',
      });
    }
  }
  for (const name of include ?? []) {
    const use = used.get(name);
    if (use !== undefined) {
      throw new InputError(`${source.path}: column "${name}" is ${use}; it cannot also be an attribute`, {
        where: 'sources.leads.attributes.include',
        hint: `remove "${name}" from attributes.include`,
      });
    }
  }

  const names = source.columns.filter((name) => (include ? include.has(name) : !used.has(name)) && !exclude.has(name));
  const taken = new Map(reserved.map((name) => [name.toLowerCase(), name]));
  for (const name of names) {
    const clash = taken.get(name.toLowerCase());
    if (clash !== undefined) {
      throw new InputError(
        `${source.path}: column "${name}" would become an attribute named like the leads table's own column "${clash}"`,
        {
          where: source.path,
          received: name,
          hint: `add "${name}" to sources.leads.attributes.exclude, or map ${clash} to it in sources.leads.columns`,
        },
      );
    }
  }
  return { names, numeric, categorical };
}
