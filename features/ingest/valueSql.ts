/**
 * SQL expressions that turn one raw text value into a clean, typed one. Every table of the ingest
 * stage builds its checks from these, so "missing", "a number" and "a date" mean the same thing in
 * every file (and in attribute type inference).
 */
import { toStrftime } from '../../data/config.ts';
import { ident, literal } from '../../core/sql.ts';

/**
 * A file column for a checked read's `source` step: trimmed text (`textColumnSql`), or the text
 * as written (`rawColumnSql`) for a value parsed from it (dates and numbers accept the spaces
 * themselves); NULL text when the file has no such column (an optional one).
 */
export function textColumnSql(file: string | undefined): string {
  return file === undefined ? 'cast(null as varchar)' : trimmedSql(ident(file));
}

export function rawColumnSql(file: string | undefined): string {
  return file === undefined ? 'cast(null as varchar)' : ident(file);
}

/**
 * The value with surrounding spaces removed. `trim()` copies every string it touches, which costs
 * about as much as reading the CSV at 10M rows, so only values that start or end with a space are
 * trimmed.
 */
export function trimmedSql(text: string): string {
  return `case when ${text} like ' %' or ${text} like '% ' then trim(${text}) else ${text} end`;
}

/** The trimmed value, or NULL when it is one of the missing-value tokens (the empty string always is). */
export function presentSql(trimmed: string, missingValues: readonly string[]): string {
  return `case when ${oneOfSql(trimmed, ['', ...missingValues])} then null else ${trimmed} end`;
}

/**
 * True when the value equals one of `values`. Written as a length guard and `=` comparisons
 * rather than `in (…)`: DuckDB plans a long `in` list as a hash join per column, several times
 * slower at 10M rows.
 */
export function oneOfSql(text: string, values: readonly string[]): string {
  const unique = [...new Set(values)];
  if (unique.length === 0) return 'false';
  const longest = Math.max(...unique.map((v) => Buffer.byteLength(v)));
  return `(strlen(${text}) <= ${longest} and (${unique.map((v) => `${text} = ${literal(v)}`).join(' or ')}))`;
}

/**
 * True when a value is missing: NULL, or a missing-value token once trimmed. Parsed columns (dates,
 * numbers) are parsed from the raw text and only values that fail to parse get here, which spares
 * trimming and comparing every value of a 10M-row file.
 *
 * Each of these fallback expressions names its input once: DuckDB hoists a subexpression that
 * occurs twice into a projection over all rows, which would undo the saving.
 */
export function missingSql(raw: string, missingValues: readonly string[]): string {
  return `(${raw} is null or list_contains(${tokenList(['', ...missingValues])}, trim(${raw})))`;
}

/**
 * Parsing before the missing-value check is only right if no token parses; tokens with a digit
 * (`-1`, `1900-01-01`) might, so values equal to one of those are set aside first.
 */
function unlessParseableToken(raw: string, missingValues: readonly string[], parsed: string): string {
  const risky = parseableTokens(missingValues);
  return risky.length ? `case when list_contains(${tokenList(risky)}, trim(${raw})) then null else ${parsed} end` : parsed;
}

/** The missing-value tokens that might parse as a number or a date (they have a digit). */
export function parseableTokens(missingValues: readonly string[]): string[] {
  return missingValues.filter((token) => /\d/.test(token));
}

function tokenList(tokens: readonly string[]): string {
  return `[${[...new Set(tokens)].map(literal).join(', ')}]`;
}

/** The raw value as a DOUBLE; NULL when missing or not a finite number (NaN and infinities would poison later statistics). */
export function numberSql(raw: string, missingValues: readonly string[]): string {
  // try_cast ignores surrounding spaces, so the raw text parses as its trimmed form would.
  return unlessParseableToken(raw, missingValues, `case when isfinite(try_cast(${raw} as double)) then try_cast(${raw} as double) end`);
}

/** True when a present (trimmed, non-missing) text value is not a finite number: attribute type inference. */
export function notANumberSql(text: string): string {
  return `${text} is not null and not coalesce(isfinite(try_cast(${text} as double)), false)`;
}

/** How a timestamp column is written: a user format, ISO 8601, or a native Parquet timestamp. */
export interface DateParsing {
  /** The user's `date_format` (`dd-mm-yyyy HH:MM` or a strftime pattern); undefined = ISO 8601. */
  format?: string;
  /** The source column is a native DATE/TIMESTAMP (Parquet): its text form is ISO whatever `format` says. */
  native?: boolean;
}

/** The raw value as a TIMESTAMP; NULL when missing or not a date. Surrounding spaces are allowed. */
export function timestampSql(raw: string, parsing: DateParsing, missingValues: readonly string[]): string {
  // The trimmed retry only runs for values the first parse rejected (and names `trim` once, see missingSql).
  const retry =
    parsing.format && !parsing.native
      ? `try_strptime(trim(${raw}), ${literal(toStrftime(parsing.format))})`
      : `try_cast(trim(${raw}) as timestamp)`;
  return unlessParseableToken(raw, missingValues, `coalesce(${parseTimestampSql(raw, parsing)}, ${retry})`);
}

/**
 * One parse attempt. ISO values with a UTC offset (`2024-01-02T03:04:05+02:00`) are converted to
 * UTC: a plain cast to TIMESTAMP would silently drop the offset. The offset test only runs on
 * values longer than `yyyy-mm-dd HH:MM:SS`.
 */
function parseTimestampSql(text: string, parsing: DateParsing): string {
  if (parsing.format && !parsing.native) return `try_strptime(${text}, ${literal(toStrftime(parsing.format))})`;
  return (
    `case when strlen(${text}) > 19 and regexp_matches(${text}, '[+-]\\d\\d(:?\\d\\d)?$') ` +
    `then timezone('UTC', try_cast(${text} as timestamptz)) else try_cast(${text} as timestamp) end`
  );
}

/** Words for the expected date format in rejection reasons. */
export function describeDateFormat(parsing: DateParsing): string {
  return parsing.format && !parsing.native ? `format ${parsing.format}` : 'ISO 8601 format (yyyy-mm-dd or yyyy-mm-dd HH:MM:SS)';
}

/**
 * The first day of the month a raw value names, as a DATE; NULL when missing or not a month.
 * Without a `date_format` the contract's `yyyy-mm` is expected; a full ISO date is accepted too
 * and truncated to its month.
 */
export function monthSql(raw: string, parsing: DateParsing, missingValues: readonly string[]): string {
  const trimmed = trimmedSql(raw);
  const timestamp =
    parsing.format && !parsing.native
      ? parseTimestampSql(trimmed, parsing)
      : `coalesce(try_strptime(${trimmed}, '%Y-%m'), ${parseTimestampSql(trimmed, { native: true })})`;
  return unlessParseableToken(raw, missingValues, `cast(date_trunc('month', ${timestamp}) as date)`);
}

/** Words for the expected month format in rejection reasons. */
export function describeMonthFormat(parsing: DateParsing): string {
  return parsing.format && !parsing.native ? `format ${parsing.format}` : 'format yyyy-mm';
}

/** `"value"` for a rejection reason: the value in double quotes, as the user wrote it. */
export function quotedSql(text: string): string {
  return `'"' || ${text} || '"'`;
}
