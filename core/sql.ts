/** The one place SQL identifiers and literals are built; every other module calls these. */

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
