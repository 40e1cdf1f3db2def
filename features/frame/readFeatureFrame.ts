/**
 * Reads a feature query's result into a FeatureFrame, one DuckDB chunk (2,048 rows) at a time:
 * values go straight from DuckDB vectors into typed arrays, never through per-row JS objects.
 *
 * The query must return `lead_id` and every listed feature; `created_at`, `snapshot_at` and
 * `label` are optional (absent = NaN / unlabelled). Other columns are ignored. Types are
 * normalised in SQL, so any numeric type works for a numeric feature and any scalar type for a
 * categorical one (read as its text). Timestamps become epoch milliseconds (sub-millisecond
 * digits are dropped); TIMESTAMPTZ is read as the instant it denotes.
 *
 * The query runs twice, so it should be deterministic (it is a feature table). A first pass
 * counts the rows, so every array is allocated once at its final size, and collects each
 * categorical's distinct values (sorted: dictionary order means nothing). The reading pass then
 * casts each categorical to an ENUM of those values and receives integer codes: turning millions
 * of values into JS strings only to look them up in a Map was most of the reading time. A
 * categorical with more than `enumLimit` distinct values (ids, free text) is read as text and
 * encoded in JS instead, as a huge ENUM type is slow for DuckDB to parse. Numbers and codes are
 * copied a whole vector at a time (see vectorValues).
 *
 * A final `ORDER BY` of output columns is handled apart (see readingSql): the counting pass
 * leaves it out, as counting needs no order, and the reading pass sorts after converting.
 */
import {
  DuckDBDoubleVector,
  DuckDBIntegerVector,
  DuckDBTypeId,
  DuckDBVarCharVector,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBResult,
  type DuckDBVector,
} from '@duckdb/node-api';
import { InputError, LeadscoreError } from '../../core/errors.ts';
import { ident, literal } from '../../core/sql.ts';
import { MISSING_CODE, UNLABELLED, type FeatureColumn, type FeatureFrame, type FrameColumn } from './featureFrame.ts';

const reservedColumns = ['lead_id', 'created_at', 'snapshot_at', 'label'];

/** Above this many distinct values a categorical is read as text (see the top of this file). */
const enumLimit = 20_000;

const numericTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.SQLNULL,
]);

const timestampTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
  DuckDBTypeId.DATE,
  DuckDBTypeId.SQLNULL,
]);

const nestedTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.LIST,
  DuckDBTypeId.STRUCT,
  DuckDBTypeId.MAP,
  DuckDBTypeId.ARRAY,
  DuckDBTypeId.UNION,
  DuckDBTypeId.BLOB,
  DuckDBTypeId.VARIANT,
]);

interface QueryColumn {
  typeId: DuckDBTypeId;
  type: string;
}

/** What the first pass learns. */
interface QueryFacts {
  rows: number;
  /** Sorted distinct values of each categorical read as codes; absent = read as text. */
  dictionaries: Map<string, string[]>;
}

/** Reads the rows of `sql` (one per lead) with the given feature columns into a frame. */
export async function readFeatureFrame(
  connection: DuckDBConnection,
  sql: string,
  features: FeatureColumn[],
): Promise<FeatureFrame> {
  checkFeatureList(features);
  const query = sql.trim().replace(/;+\s*$/, '');
  const shape = await describeQuery(connection, query);
  const fixed = fixedColumns(shape);
  const facts = await queryFacts(connection, query, features);
  const columns = features.map((feature) => featureColumn(shape, feature, facts.dictionaries.get(feature.name)));
  const result = await runQuery(connection, readingSql(query, shape, [...fixed, ...columns]));
  return readChunks(result, features, facts);
}

function checkFeatureList(features: FeatureColumn[]): void {
  const seen = new Set<string>();
  for (const feature of features) {
    if (reservedColumns.includes(feature.name)) {
      throw new InputError(`"${feature.name}" cannot be a feature: it is a reserved column of the feature table`, {
        received: feature.name,
        expected: `a name other than ${reservedColumns.join(', ')}`,
      });
    }
    if (seen.has(feature.name)) {
      throw new InputError(`feature "${feature.name}" is listed twice`, { received: feature.name });
    }
    seen.add(feature.name);
  }
}

function queryFailed(error: unknown): LeadscoreError {
  return new LeadscoreError('warehouse', `reading the feature table failed: ${(error as Error).message}`, { where: 'feature query' }, { cause: error });
}

async function runQuery(connection: DuckDBConnection, sql: string): Promise<DuckDBResult> {
  try {
    return await connection.stream(sql);
  } catch (error) {
    throw queryFailed(error);
  }
}

async function describeQuery(connection: DuckDBConnection, query: string): Promise<Map<string, QueryColumn>> {
  const probe = await runQuery(connection, `select * from (${query}) as q limit 0`);
  const shape = new Map<string, QueryColumn>();
  for (let i = 0; i < probe.columnCount; i++) {
    shape.set(probe.columnName(i), { typeId: probe.columnTypeId(i), type: probe.columnType(i).toString() });
  }
  return shape;
}

const column = (name: string) => `q.${ident(name)}`;

function mismatch(name: string, found: QueryColumn, expected: string): InputError {
  return new InputError(`feature table column ${name} has type ${found.type}, expected ${expected}`, {
    where: name,
    received: found.type,
    expected,
  });
}

/**
 * lead_id, created_at, snapshot_at and label, in that order. Doubles are coalesced to NaN in SQL
 * (here and for numeric features) because a vector without NULLs skips the per-value validity
 * check when it is read, a BigInt operation twenty times the cost of the read itself.
 */
function fixedColumns(shape: Map<string, QueryColumn>): string[] {
  if (!shape.has('lead_id')) {
    throw new InputError(`feature table has no lead_id column (columns: ${[...shape.keys()].join(', ')})`, {
      expected: 'a lead_id column',
    });
  }
  const select = [`${column('lead_id')}::varchar`];
  for (const name of ['created_at', 'snapshot_at']) {
    const found = shape.get(name);
    if (!found) select.push(`'NaN'::double`);
    else if (!timestampTypes.has(found.typeId)) throw mismatch(name, found, 'TIMESTAMP');
    else select.push(`coalesce(epoch_ms(${column(name)})::double, 'NaN'::double)`);
  }
  const label = shape.get('label');
  if (!label) select.push('null::integer');
  else if (!numericTypes.has(label.typeId)) throw mismatch('label', label, 'INTEGER (1, 0 or NULL)');
  else select.push(`${column('label')}::integer`);
  return select;
}

function featureColumn(shape: Map<string, QueryColumn>, feature: FeatureColumn, dictionary: string[] | undefined): string {
  const found = shape.get(feature.name);
  if (!found) {
    throw new InputError(`feature column "${feature.name}" is not in the feature table (columns: ${[...shape.keys()].join(', ')})`, {
      where: feature.name,
      expected: `a ${feature.kind} column named ${feature.name}`,
    });
  }
  if (feature.kind === 'numeric') {
    if (!numericTypes.has(found.typeId)) throw mismatch(feature.name, found, 'a numeric type (DOUBLE)');
    return `coalesce(${column(feature.name)}::double, 'NaN'::double)`;
  }
  if (nestedTypes.has(found.typeId)) throw mismatch(feature.name, found, 'a scalar type (VARCHAR)');
  const text = `${column(feature.name)}::varchar`;
  if (!dictionary) return text;
  if (!dictionary.length) return `${MISSING_CODE}::integer`;
  return `coalesce(enum_code(${text}::enum(${dictionary.map(literal).join(', ')}))::integer, ${MISSING_CODE})`;
}

/** One ORDER BY item: a possibly qualified, possibly quoted column, an optional direction and NULLS placement. */
const orderItem =
  /^\s*([A-Za-z_][\w$]*|"(?:[^"]|"")+")((?:\s*\.\s*(?:[A-Za-z_][\w$]*|"(?:[^"]|"")+"))*)((?:\s+(?:asc|desc))?(?:\s+nulls\s+(?:first|last))?)\s*$/i;

interface OrderedQuery {
  /** The query without its final ORDER BY. */
  body: string;
  items: Array<{ name: string; qualified: boolean; direction: string }>;
}

/**
 * Splits a final `ORDER BY <columns>` off the query. Anything the pattern does not recognise as a
 * plain trailing column list (LIMIT, expressions, an ORDER BY inside parentheses) gives null, and
 * the query is then used as it is.
 */
export function splitFinalOrderBy(query: string): OrderedQuery | null {
  const match = /\border\s+by\s+([^()']*)$/i.exec(query);
  if (!match) return null;
  const items: OrderedQuery['items'] = [];
  for (const text of splitOrderItems(match[1])) {
    const item = orderItem.exec(text);
    // ORDER BY ALL sorts by every column, whatever a column is called.
    if (!item || item[1].toLowerCase() === 'all') return null;
    const name = item[1].startsWith('"') ? item[1].slice(1, -1).replaceAll('""', '"') : item[1];
    items.push({ name, qualified: item[2].trim() !== '', direction: item[3].trim() });
  }
  return { body: query.slice(0, match.index).trimEnd(), items };
}

/** Splits an ORDER BY list on the commas outside quoted names. */
function splitOrderItems(list: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of list) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      items.push(current);
      current = '';
    } else current += char;
  }
  items.push(current);
  return items;
}

/**
 * The statement of the reading pass. When the query ends in an ORDER BY of its own output columns,
 * the sort moves outside, after the conversions: DuckDB then converts in parallel, before sorting,
 * and sorts codes and doubles instead of the feature table's text (sorting first was half of
 * DuckDB's reading time at 1M leads). Otherwise the query is wrapped as it is.
 */
function readingSql(query: string, shape: Map<string, QueryColumn>, select: string[]): string {
  const ordered = splitFinalOrderBy(query);
  const outputs = new Map([...shape.keys()].map((name) => [name.toLowerCase(), name]));
  const names = ordered?.items.map((item) => (item.qualified ? undefined : outputs.get(item.name.toLowerCase())));
  if (!ordered || !names || names.some((name) => name === undefined)) return `select ${select.join(', ')} from (${query}) as q`;
  const orderBy = ordered.items.map((item, i) => `${column(names[i]!)}${item.direction ? ` ${item.direction}` : ''}`);
  return `select ${select.join(', ')} from (${ordered.body}) as q order by ${orderBy.join(', ')}`;
}

async function queryFacts(connection: DuckDBConnection, query: string, features: FeatureColumn[]): Promise<QueryFacts> {
  const categorical = features.filter((feature) => feature.kind === 'categorical');
  // One DISTINCT aggregate per column, its length checked afterwards: a count(distinct) beside it
  // doubled the work, and an ordered aggregate sorted every row.
  const distinct = categorical.map(({ name }, j) => {
    const text = `${column(name)}::varchar`;
    return `coalesce(list(distinct ${text}) filter (where ${text} is not null), []) as values_${j}`;
  });
  const capped = categorical.map((_, j) => `case when len(values_${j}) <= ${enumLimit} then list_sort(values_${j}) end`);
  let row: unknown[];
  try {
    const reader = await connection.runAndReadAll(
      `select ${['row_count', ...capped].join(', ')} ` +
        `from (select ${['count(*) as row_count', ...distinct].join(', ')} from (${splitFinalOrderBy(query)?.body ?? query}) as q)`,
    );
    row = reader.getRowsJS()[0];
  } catch (error) {
    throw queryFailed(error);
  }
  const dictionaries = new Map<string, string[]>();
  categorical.forEach(({ name }, j) => {
    const values = row[j + 1];
    if (Array.isArray(values)) dictionaries.set(name, values as string[]);
  });
  return { rows: Number(row[0]), dictionaries };
}

interface CategoricalTarget {
  codes: Int32Array;
  dictionary: string[];
  /** Code of each value seen so far, for a column read as text; null when DuckDB sends codes. */
  index: Map<string, number> | null;
}

async function readChunks(result: DuckDBResult, features: FeatureColumn[], facts: QueryFacts): Promise<FeatureFrame> {
  const { rows } = facts;
  const leadIds = new Array<string>(rows);
  const createdAt = new Float64Array(rows);
  const snapshotAt = new Float64Array(rows);
  const label = new Int8Array(rows);
  const targets = features.map((feature): Float64Array | CategoricalTarget => {
    if (feature.kind === 'numeric') return new Float64Array(rows);
    const dictionary = facts.dictionaries.get(feature.name);
    return { codes: new Int32Array(rows), dictionary: dictionary ?? [], index: dictionary ? null : new Map() };
  });

  // The next chunk is requested before this one is read, so DuckDB computes while JS copies. A
  // request left pending when reading fails must not surface as an unhandled rejection.
  const fetchNext = () => {
    const pending = result.fetchChunk();
    pending.catch(() => undefined);
    return pending;
  };
  let at = 0;
  let next = fetchNext();
  for (;;) {
    const chunk: DuckDBDataChunk | null = await next;
    if (!chunk || chunk.rowCount === 0) break;
    next = fetchNext();
    const n = chunk.rowCount;
    if (at + n > rows) throw changedBetweenPasses(rows);
    readLeadIds(expectVector(chunk.getColumnVector(0), DuckDBVarCharVector), leadIds, at, n);
    copyDoubles(expectVector(chunk.getColumnVector(1), DuckDBDoubleVector), createdAt.subarray(at, at + n));
    copyDoubles(expectVector(chunk.getColumnVector(2), DuckDBDoubleVector), snapshotAt.subarray(at, at + n));
    readLabels(expectVector(chunk.getColumnVector(3), DuckDBIntegerVector), label.subarray(at, at + n), leadIds, at);
    for (let j = 0; j < features.length; j++) {
      const vector = chunk.getColumnVector(4 + j);
      const target = targets[j];
      if (target instanceof Float64Array) copyDoubles(expectVector(vector, DuckDBDoubleVector), target.subarray(at, at + n));
      else if (target.index) encodeStrings(expectVector(vector, DuckDBVarCharVector), target, target.codes.subarray(at, at + n));
      else copyCodes(expectVector(vector, DuckDBIntegerVector), target.codes.subarray(at, at + n));
    }
    at += n;
  }
  if (at !== rows) throw changedBetweenPasses(rows);

  const columns: FrameColumn[] = features.map((feature, j) => {
    const target = targets[j];
    return target instanceof Float64Array
      ? { kind: 'numeric', name: feature.name, values: target }
      : { kind: 'categorical', name: feature.name, codes: target.codes, dictionary: target.dictionary };
  });
  return { rows, leadIds, createdAt, snapshotAt, label, columns };
}

function changedBetweenPasses(rows: number): LeadscoreError {
  return new LeadscoreError('warehouse', `the feature query returned ${rows} rows, then a different number when read again`, {
    where: 'feature query',
    hint: 'the query must be deterministic and its tables must not change while it is read',
  });
}

function expectVector<V>(vector: DuckDBVector, type: abstract new (...args: never[]) => V): V {
  if (!(vector instanceof type)) {
    throw new LeadscoreError('internal', `expected a ${type.name} from DuckDB, got ${vector.constructor.name}`);
  }
  return vector;
}

/**
 * The typed array DuckDB filled for a DOUBLE or INTEGER vector, when the vector has no NULLs;
 * otherwise undefined. @duckdb/node-api keeps that array in a private field (`items`, with the
 * validity mask in `validity.data`, null when every value is valid) and offers only per-value
 * access: a call per value, 40M of them for a 1M-lead training set. The version is pinned;
 * should it rename the fields, this returns undefined and values are read one by one
 * (test/features/frame checks that the whole-vector path is taken).
 */
export function vectorValues<A extends Float64Array | Int32Array>(
  vector: DuckDBDoubleVector | DuckDBIntegerVector,
  type: { new (length: number): A; prototype: A },
  length: number,
): A | undefined {
  const internals = vector as unknown as { items?: unknown; validity?: { data?: unknown } };
  const { items, validity } = internals;
  if (!(items instanceof type) || items.length !== length || validity?.data !== null) return undefined;
  return items;
}

function copyDoubles(vector: DuckDBDoubleVector, out: Float64Array): void {
  const values = vectorValues(vector, Float64Array, out.length);
  if (values) out.set(values);
  else for (let i = 0; i < out.length; i++) out[i] = vector.getItem(i) ?? NaN;
}

function copyCodes(vector: DuckDBIntegerVector, out: Int32Array): void {
  const values = vectorValues(vector, Int32Array, out.length);
  if (values) out.set(values);
  else for (let i = 0; i < out.length; i++) out[i] = vector.getItem(i) ?? MISSING_CODE;
}

function readLeadIds(vector: DuckDBVarCharVector, out: string[], offset: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = vector.getItem(i);
    if (id === null) {
      throw new InputError(`feature table row ${offset + i + 1} has no lead_id`, { where: 'lead_id', expected: 'a lead id on every row' });
    }
    out[offset + i] = id;
  }
}

function readLabels(vector: DuckDBIntegerVector, out: Int8Array, leadIds: string[], offset: number): void {
  for (let i = 0; i < out.length; i++) {
    const value = vector.getItem(i);
    if (value === null) out[i] = UNLABELLED;
    else if (value === 0 || value === 1) out[i] = value;
    else {
      throw new InputError(`lead ${leadIds[offset + i]}: label is ${value}, expected 1, 0 or NULL`, {
        where: 'label',
        received: value,
        expected: '1, 0 or NULL',
      });
    }
  }
}

function encodeStrings(vector: DuckDBVarCharVector, target: CategoricalTarget, out: Int32Array): void {
  const { dictionary } = target;
  const index = target.index!;
  for (let i = 0; i < out.length; i++) {
    const value = vector.getItem(i);
    if (value === null) {
      out[i] = MISSING_CODE;
      continue;
    }
    let code = index.get(value);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(value);
      index.set(value, code);
    }
    out[i] = code;
  }
}
