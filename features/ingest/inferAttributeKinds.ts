/**
 * Types the attribute columns of the leads table in one pass over the accepted rows: numeric when
 * every present value is a finite number, else categorical, unless the config forces one. A
 * column with no present value at all carries no information and is reported as empty.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../../core/sql.ts';
import type { AttributeKind } from './ingestResult.ts';
import { notANumberSql } from './valueSql.ts';

const sampleRows = 10_000;

export interface AttributeColumn {
  /** The column's name, in the file and in the table. */
  name: string;
  /** Its alias while the table is being checked. */
  alias: string;
  /** Set when the config forces the kind (a forced numeric column is already DOUBLE). */
  forced?: AttributeKind;
}

export interface TypedAttribute extends AttributeColumn {
  kind: AttributeKind;
}

export interface AttributeKinds {
  kept: TypedAttribute[];
  /** Names of columns that are missing in every row. */
  empty: string[];
}

/** `table` is quoted; its attribute columns hold trimmed text with missing values already NULL. */
export async function inferAttributeKinds(
  connection: DuckDBConnection,
  table: string,
  attributes: readonly AttributeColumn[],
): Promise<AttributeKinds> {
  if (attributes.length === 0) return { kept: [], empty: [] };
  const notNumeric = (attribute: AttributeColumn) => notANumberSql(ident(attribute.name));

  // Casting every value of every text column costs more than reading them; a categorical column
  // nearly always shows a non-number within its first rows, so only the others are cast in full.
  const open = attributes.filter((a) => a.forced === undefined);
  const categoricalEarly = new Set<string>();
  if (open.length > 0) {
    const sample = await connection.runAndReadAll(`
      with sample as (
        select * from ${table} limit ${sampleRows}
      )
      select ${open.map((a, i) => `bool_or(${notNumeric(a)}) as not_numeric_${i}`).join(',\n        ')}
      from sample`);
    const seen = sample.getRowObjectsJS()[0];
    open.forEach((a, i) => {
      if (seen[`not_numeric_${i}`] === true) categoricalEarly.add(a.name);
    });
  }

  const measures = attributes.flatMap((attribute, i) => [
    `count(${ident(attribute.name)}) as present_${i}`,
    attribute.forced === undefined && !categoricalEarly.has(attribute.name)
      ? `count(*) filter (where ${notNumeric(attribute)}) as not_numeric_${i}`
      : `${categoricalEarly.has(attribute.name) ? 1 : 0} as not_numeric_${i}`,
  ]);
  const reader = await connection.runAndReadAll(`select ${measures.join(',\n  ')} from ${table}`);
  const counts = reader.getRowObjectsJS()[0];

  const kept: TypedAttribute[] = [];
  const empty: string[] = [];
  attributes.forEach((attribute, i) => {
    if (Number(counts[`present_${i}`]) === 0) {
      empty.push(attribute.name);
      return;
    }
    const kind = attribute.forced ?? (Number(counts[`not_numeric_${i}`]) === 0 ? 'numeric' : 'categorical');
    kept.push({ ...attribute, kind });
  });
  return { kept, empty };
}
