/**
 * Reads a feature query's result into a FeatureFrame, one DuckDB chunk (2,048 rows) at a time:
 * values go straight from DuckDB vectors into typed arrays, never through per-row JS objects.
 * Lead ids too: their bytes are packed (packedStrings.ts), and the frame makes the strings only
 * when asked for them.
 *
 * The query must return `lead_id` and every listed feature; `created_at`, `snapshot_at` and
 * `label` are optional (absent = NaN / unlabelled). Other columns are ignored. Types are
 * normalised in SQL, so any numeric type works for a numeric feature and any scalar type for a
 * categorical one (read as its text). Timestamps become epoch milliseconds (sub-millisecond
 * digits are dropped); TIMESTAMPTZ is read as the instant it denotes.
 *
 * A categorical's dictionary holds the distinct values of its rows, sorted (dictionary order
 * means nothing, but it makes frames reproducible), and DuckDB sends integer codes: turning
 * millions of values into JS strings only to look them up in a Map was most of the reading time.
 * A categorical that is an ENUM (lead_features makes its categoricals ENUMs) is read as its enum
 * codes in one pass; afterwards the dictionary is narrowed to the values present and the codes
 * renumbered. For any other categorical the query runs twice, so it should be deterministic (it
 * is a feature table): a first pass counts the rows and collects those columns' distinct values,
 * and the reading pass casts each to an ENUM of them. A categorical with more than `enumLimit`
 * distinct values (ids, free text) is read as text and encoded in JS instead (its dictionary in
 * order of appearance), as a huge ENUM type is slow for DuckDB to parse. Numbers and codes are
 * copied a whole vector at a time (see vectorValues); integer columns travel as INTEGERs (and stay
 * integers in the frame when the caller asks, see `keepIntegers`).
 *
 * Arrays are allocated once at their final length when the row count is known: from the first
 * pass, or from the caller (`expectedRows`, which lead_labels' counts give for lead_features).
 * Otherwise rows are gathered in blocks and copied once more at the end.
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
import {
  integerColumn,
  MISSING_CODE,
  UNLABELLED,
  withPackedLeadIds,
  type FeatureColumn,
  type FeatureFrame,
  type FrameColumn,
} from './featureFrame.ts';
import { StringPacker } from './packedStrings.ts';

const reservedColumns = ['lead_id', 'created_at', 'snapshot_at', 'label'];

/** Above this many distinct values a categorical is read as text (see the top of this file). */
export const enumLimit = 20_000;

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

/**
 * Numeric types sent as INTEGER: half the bytes of a DOUBLE through DuckDB's sort and into JS
 * (lead_features' event counts are INTEGERs).
 */
const int32Types = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
]);

const readAsInteger = (column: QueryColumn) => int32Types.has(column.typeId);

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
  /** An ENUM column's values, in code order. */
  enumValues?: readonly string[];
}

/** What the first pass learns. */
interface QueryFacts {
  rows: number;
  /** Sorted distinct values of each categorical read as codes; absent = read as text. */
  dictionaries: Map<string, string[]>;
}

/** How each categorical is read: codes of its own ENUM, codes of an ENUM of the first pass's values, or text. */
type CategoricalSource = { from: 'enum'; values: readonly string[] } | { from: 'facts'; dictionary: string[] } | { from: 'text' };

export interface ReadFrameOptions {
  /**
   * How many rows the query returns, when the caller knows (lead_labels' counts do): a query read
   * in one pass then fills arrays of that length. A wrong number costs time, never a wrong frame.
   */
  expectedRows?: number;
  /**
   * Keep numeric columns that DuckDB sends as integers, none NULL, as integers (integerColumn in
   * featureFrame.ts): for a caller that hands the frame to the training-set writer. Such a
   * column's `values` is a getter, slow to read value by value in a hot loop, so a caller that
   * computes with the values leaves this off and gets doubles.
   */
  keepIntegers?: boolean;
}

/** Reads the rows of `sql` (one per lead) with the given feature columns into a frame. */
export async function readFeatureFrame(
  connection: DuckDBConnection,
  sql: string,
  features: FeatureColumn[],
  options: ReadFrameOptions = {},
): Promise<FeatureFrame> {
  checkFeatureList(features);
  const query = sql.trim().replace(/;+\s*$/, '');
  const shape = await describeQuery(connection, query);
  const fixed = fixedColumns(shape);
  const enumValues = (feature: FeatureColumn) => {
    const values = feature.kind === 'categorical' ? shape.get(feature.name)?.enumValues : undefined;
    return values && values.length <= enumLimit ? values : undefined;
  };
  // The first pass only for categoricals that are not small ENUMs already.
  const needFacts = features.filter((feature) => feature.kind === 'categorical' && !enumValues(feature));
  const facts = needFacts.length ? await queryFacts(connection, query, needFacts) : null;
  const sources = new Map<string, CategoricalSource>();
  for (const feature of features) {
    if (feature.kind !== 'categorical') continue;
    const values = enumValues(feature);
    const dictionary = facts?.dictionaries.get(feature.name);
    sources.set(feature.name, values ? { from: 'enum', values } : dictionary ? { from: 'facts', dictionary } : { from: 'text' });
  }
  const columns = features.map((feature) => featureColumn(shape, feature, sources.get(feature.name)));
  const result = await runQuery(connection, readingSql(query, shape, [...fixed, ...columns]));
  const { expectedRows } = options;
  return readChunks(result, features, {
    sources,
    integers: new Set(features.filter((f) => f.kind === 'numeric' && readAsInteger(shape.get(f.name)!)).map((f) => f.name)),
    keepIntegers: options.keepIntegers ?? false,
    counted: facts?.rows ?? null,
    expectedRows: expectedRows !== undefined && Number.isSafeInteger(expectedRows) && expectedRows >= 0 ? expectedRows : 0,
  });
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
    const type = probe.columnType(i);
    shape.set(probe.columnName(i), {
      typeId: type.typeId,
      type: type.toString(),
      enumValues: type.typeId === DuckDBTypeId.ENUM ? type.values : undefined,
    });
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

function featureColumn(shape: Map<string, QueryColumn>, feature: FeatureColumn, source: CategoricalSource | undefined): string {
  const found = shape.get(feature.name);
  if (!found) {
    throw new InputError(`feature column "${feature.name}" is not in the feature table (columns: ${[...shape.keys()].join(', ')})`, {
      where: feature.name,
      expected: `a ${feature.kind} column named ${feature.name}`,
    });
  }
  if (feature.kind === 'numeric') {
    if (!numericTypes.has(found.typeId)) throw mismatch(feature.name, found, 'a numeric type (DOUBLE)');
    if (readAsInteger(found)) return `${column(feature.name)}::integer`;
    return `coalesce(${column(feature.name)}::double, 'NaN'::double)`;
  }
  if (nestedTypes.has(found.typeId)) throw mismatch(feature.name, found, 'a scalar type (VARCHAR)');
  if (source?.from === 'enum') return `coalesce(enum_code(${column(feature.name)})::integer, ${MISSING_CODE})`;
  const text = `${column(feature.name)}::varchar`;
  if (source?.from !== 'facts') return text;
  const { dictionary } = source;
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

/** Rows per block of a column read past its expected length. */
const blockRows = 65_536;

/**
 * One column's values, filled chunk by chunk into an array of the expected length (the first
 * pass's count, or the caller's `expectedRows`); rows past it, or all rows when no length is
 * known, go into blocks of `blockRows`, and an array of the final length is assembled at the end.
 * (A copy per chunk, joined at the end, spent a second of garbage collection on 20,000 small
 * arrays at 1M rows; blocks and a final copy still cost about half a second more than filling
 * an array of the right length.)
 */
class ColumnBuilder<A extends Float64Array | Int32Array | Int8Array> {
  private readonly head: A;
  private readonly blocks: A[] = [];

  constructor(
    private readonly make: (length: number) => A,
    expected: number,
  ) {
    this.head = make(expected);
  }

  /** Lets `fill` write rows at … at + n. */
  write(at: number, n: number, fill: (out: A) => void): void {
    const { head } = this;
    if (at + n <= head.length) return fill(head.subarray(at, at + n) as A);
    const block = Math.floor((at - head.length) / blockRows);
    const offset = at - head.length - block * blockRows;
    if (at >= head.length && offset + n <= blockRows) return fill(this.block(block).subarray(offset, offset + n) as A);
    // Rows across the head and a block, or across two blocks: filled apart, then split.
    const values = this.make(n);
    fill(values);
    for (let k = 0; k < n; ) {
      const row = at + k;
      let take: number;
      if (row < head.length) {
        take = Math.min(n - k, head.length - row);
        head.set(values.subarray(k, k + take), row);
      } else {
        const b = Math.floor((row - head.length) / blockRows);
        const start = row - head.length - b * blockRows;
        take = Math.min(n - k, blockRows - start);
        this.block(b).set(values.subarray(k, k + take), start);
      }
      k += take;
    }
  }

  private block(index: number): A {
    while (this.blocks.length <= index) this.blocks.push(this.make(blockRows));
    return this.blocks[index];
  }

  finish(rows: number): A {
    const { head } = this;
    if (rows === head.length) return head;
    if (rows < head.length) return head.slice(0, rows) as A;
    const out = this.make(rows);
    out.set(head);
    this.blocks.forEach((block, b) => {
      const at = head.length + b * blockRows;
      out.set(block.subarray(0, Math.min(blockRows, rows - at)), at);
    });
    this.blocks.length = 0;
    return out;
  }
}

interface CategoricalTarget {
  codes: ColumnBuilder<Int32Array>;
  source: CategoricalSource;
  /** Values so far of a column read as text, and the code of each; null when DuckDB sends codes. */
  text: { dictionary: string[]; index: Map<string, number> } | null;
}

/** A numeric feature sent as INTEGER: the integers as they come, and the rows that were NULL. */
interface IntegerTarget {
  integers: ColumnBuilder<Int32Array>;
  nullRows: number[];
}

interface ReadingPlan {
  sources: Map<string, CategoricalSource>;
  /** Numeric features sent as INTEGER. */
  integers: Set<string>;
  keepIntegers: boolean;
  /** Rows the first pass counted; null without a first pass. */
  counted: number | null;
  expectedRows: number;
}

async function readChunks(result: DuckDBResult, features: FeatureColumn[], plan: ReadingPlan): Promise<FeatureFrame> {
  const { sources, integers, keepIntegers, counted, expectedRows } = plan;
  const expected = counted ?? expectedRows;
  const leadIds = new StringPacker(expected);
  const createdAt = new ColumnBuilder((n) => new Float64Array(n), expected);
  const snapshotAt = new ColumnBuilder((n) => new Float64Array(n), expected);
  const label = new ColumnBuilder((n) => new Int8Array(n), expected);
  const targets = features.map((feature): ColumnBuilder<Float64Array> | IntegerTarget | CategoricalTarget => {
    if (feature.kind === 'numeric' && integers.has(feature.name)) {
      return { integers: new ColumnBuilder((n) => new Int32Array(n), expected), nullRows: [] };
    }
    if (feature.kind === 'numeric') return new ColumnBuilder((n) => new Float64Array(n), expected);
    const source = sources.get(feature.name)!;
    return {
      codes: new ColumnBuilder((n) => new Int32Array(n), expected),
      source,
      text: source.from === 'text' ? { dictionary: [], index: new Map() } : null,
    };
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
    if (counted !== null && at + n > counted) throw changedBetweenPasses(counted);
    readLeadIds(expectVector(chunk.getColumnVector(0), DuckDBVarCharVector), leadIds, n);
    createdAt.write(at, n, (out) => copyDoubles(expectVector(chunk.getColumnVector(1), DuckDBDoubleVector), out));
    snapshotAt.write(at, n, (out) => copyDoubles(expectVector(chunk.getColumnVector(2), DuckDBDoubleVector), out));
    label.write(at, n, (out) => readLabels(expectVector(chunk.getColumnVector(3), DuckDBIntegerVector), out, leadIds, at));
    for (let j = 0; j < features.length; j++) {
      const vector = chunk.getColumnVector(4 + j);
      const target = targets[j];
      if (target instanceof ColumnBuilder) target.write(at, n, (out) => copyDoubles(expectVector(vector, DuckDBDoubleVector), out));
      else if ('nullRows' in target) {
        target.integers.write(at, n, (out) => copyIntegers(expectVector(vector, DuckDBIntegerVector), out, target.nullRows, at));
      } else if (target.text) {
        const text = target.text;
        target.codes.write(at, n, (out) => encodeStrings(expectVector(vector, DuckDBVarCharVector), text, out));
      } else target.codes.write(at, n, (out) => copyCodes(expectVector(vector, DuckDBIntegerVector), out));
    }
    at += n;
  }
  if (counted !== null && at !== counted) throw changedBetweenPasses(counted);
  const rows = at;

  const columns: FrameColumn[] = features.map((feature, j) => {
    const target = targets[j];
    if (target instanceof ColumnBuilder) return { kind: 'numeric', name: feature.name, values: target.finish(rows) };
    if ('nullRows' in target) return integerFeature(feature.name, target.integers.finish(rows), target.nullRows, keepIntegers);
    const codes = target.codes.finish(rows);
    const { source } = target;
    const dictionary =
      source.from === 'enum' ? narrowDictionary(codes, source.values) : source.from === 'facts' ? source.dictionary : target.text!.dictionary;
    return { kind: 'categorical', name: feature.name, codes, dictionary };
  });
  const frame = { rows, createdAt: createdAt.finish(rows), snapshotAt: snapshotAt.finish(rows), label: label.finish(rows), columns };
  return withPackedLeadIds(frame, leadIds.finish());
}

/**
 * The dictionary of an ENUM column read as enum codes: the values that occur, sorted as DuckDB
 * sorts text (by UTF-8 bytes), as the first pass would have listed them; `codes` are renumbered
 * in place to match.
 */
function narrowDictionary(codes: Int32Array, values: readonly string[]): string[] {
  const used = new Uint8Array(values.length);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) used[codes[i]] = 1;
  const present: number[] = [];
  for (let code = 0; code < values.length; code++) if (used[code]) present.push(code);
  const bytes = present.map((code) => Buffer.from(values[code], 'utf8'));
  const order = present.map((_, k) => k).sort((a, b) => Buffer.compare(bytes[a], bytes[b]));
  const renumber = new Int32Array(values.length).fill(MISSING_CODE);
  let same = true;
  const dictionary = order.map((k, position) => {
    renumber[present[k]] = position;
    same &&= present[k] === position;
    return values[present[k]];
  });
  // Usually every value occurs and the ENUM was sorted already: nothing to renumber.
  if (!same) for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = renumber[codes[i]];
  return dictionary;
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

/** An INTEGER vector's values; a NULL's row (`offset` + its index) goes to `nullRows`, 0 in its place. */
function copyIntegers(vector: DuckDBIntegerVector, out: Int32Array, nullRows: number[], offset: number): void {
  const values = vectorValues(vector, Int32Array, out.length);
  if (values) return out.set(values);
  for (let i = 0; i < out.length; i++) {
    const value = vector.getItem(i);
    if (value === null) nullRows.push(offset + i);
    out[i] = value ?? 0;
  }
}

/** A numeric feature read as integers: kept so when asked and none was NULL, else doubles with NaN for the NULLs. */
function integerFeature(name: string, integers: Int32Array, nullRows: number[], keep: boolean): FrameColumn {
  if (keep && !nullRows.length) return integerColumn(name, integers);
  const values = Float64Array.from(integers);
  for (const row of nullRows) values[row] = NaN;
  return { kind: 'numeric', name, values };
}

function copyCodes(vector: DuckDBIntegerVector, out: Int32Array): void {
  const values = vectorValues(vector, Int32Array, out.length);
  if (values) out.set(values);
  else for (let i = 0; i < out.length; i++) out[i] = vector.getItem(i) ?? MISSING_CODE;
}

/**
 * The 16-byte string records of a VARCHAR vector without NULLs, or undefined. A record is a
 * 4-byte length and, for a string of at most 12 bytes, the bytes themselves; a longer one holds a
 * pointer instead. As for vectorValues, the fields are private ones of @duckdb/node-api
 * (`dataView`, `itemOffset`, `validity.data`): should they change, this returns undefined and
 * strings are read one by one (test/features/frame checks that they are not).
 */
export function stringRecords(vector: DuckDBVarCharVector, length: number): Buffer | undefined {
  const internals = vector as unknown as { dataView?: unknown; itemOffset?: unknown; validity?: { data?: unknown } };
  const { dataView, itemOffset, validity } = internals;
  if (!(dataView instanceof DataView) || itemOffset !== 0 || validity?.data !== null || dataView.byteLength < length * 16) return undefined;
  return Buffer.from(dataView.buffer, dataView.byteOffset, length * 16);
}

/** Appends a chunk's ids to `out`: the bytes of ids of up to 12 bytes (nearly all) straight from their records, the others one by one. */
function readLeadIds(vector: DuckDBVarCharVector, out: StringPacker, n: number): void {
  const records = stringRecords(vector, n);
  for (let i = 0; i < n; i++) {
    if (records) {
      const at = i * 16;
      const length = records.readUInt32LE(at);
      if (length <= 12) {
        out.add(records, at + 4, at + 4 + length);
        continue;
      }
    }
    const id = vector.getItem(i);
    if (id === null) {
      throw new InputError(`feature table row ${out.length + 1} has no lead_id`, { where: 'lead_id', expected: 'a lead id on every row' });
    }
    out.addString(id);
  }
}

function readLabels(vector: DuckDBIntegerVector, out: Int8Array, leadIds: StringPacker, offset: number): void {
  // Training rows have no NULL label: then the values come a whole vector at a time.
  const values = vectorValues(vector, Int32Array, out.length);
  for (let i = 0; i < out.length; i++) {
    const value = values ? values[i] : vector.getItem(i);
    if (value === null) out[i] = UNLABELLED;
    else if (value === 0 || value === 1) out[i] = value;
    else {
      throw new InputError(`lead ${leadIds.get(offset + i)}: label is ${value}, expected 1, 0 or NULL`, {
        where: 'label',
        received: value,
        expected: '1, 0 or NULL',
      });
    }
  }
}

function encodeStrings(vector: DuckDBVarCharVector, target: { dictionary: string[]; index: Map<string, number> }, out: Int32Array): void {
  const { dictionary, index } = target;
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
