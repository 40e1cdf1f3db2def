/**
 * The one place SQL identifiers and literals are built and SQL template files are read; every other
 * module calls these.
 */
import { readFileSync } from 'node:fs';

/** Quotes an identifier for DuckDB and PostgreSQL: `my "col"` → `"my ""col"""`. */
export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Quotes a string literal: `it's` → `'it''s'`. Prefer bound parameters where the driver allows. */
export function literal(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}

/** A qualified name `schema.table`, each part quoted. */
export function qualified(...parts: string[]): string {
  return parts.map(ident).join('.');
}

/** A number as a SQL literal; refuses NaN and infinities so they never reach a query. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number for SQL: ${value}`);
  return String(value);
}

/**
 * Fills `{{name}}` placeholders of a SQL template with fragments the caller has already built
 * with `ident`, `literal` or `numberLiteral`. A placeholder without a value is an error, so a
 * template and its caller cannot drift apart silently.
 */
export function renderSql(template: string, fragments: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const fragment = fragments[name];
    if (fragment === undefined) throw new Error(`SQL template placeholder {{${name}}} has no value`);
    return fragment;
  });
}

/**
 * A SQL template file's statements (split on a `;` that ends a line, comment lines dropped),
 * split before rendering so that no quoted name can move the split.
 */
export function sqlStatements(file: URL): string[] {
  return readFileSync(file, 'utf8')
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
