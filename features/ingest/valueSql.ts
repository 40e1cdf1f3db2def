/**
 * SQL expressions that turn one raw text value into a clean, typed one. Every table of the ingest
 * stage builds its checks from these, so "missing", "a number" and "a date" mean the same thing in
 * every file (and in attribute type inference).
 */
import { toStrftime } from '../../data/config.ts';
import { literal } from '../../core/sql.ts';

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

/** The value as a DOUBLE (NULL when it is not a finite number). */
export function numberSql(text: string): string {
  return `case when isfinite(try_cast(${text} as double)) then try_cast(${text} as double) end`;
}

/** True when a present value is not a finite number (NaN and infinities would poison later statistics). */
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

/**
 * The value as a TIMESTAMP, NULL when it does not parse. ISO values with a UTC offset
 * (`2024-01-02T03:04:05+02:00`) are converted to UTC: a plain cast to TIMESTAMP would silently
 * drop the offset. The offset test only runs on values longer than `yyyy-mm-dd HH:MM:SS`.
 */
export function timestampSql(text: string, parsing: DateParsing): string {
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
 * The first day of the month a value names, as a DATE. Without a `date_format` the contract's
 * `yyyy-mm` is expected; a full ISO date is accepted too and truncated to its month.
 */
export function monthSql(text: string, parsing: DateParsing): string {
  const timestamp =
    parsing.format && !parsing.native
      ? timestampSql(text, parsing)
      : `coalesce(try_strptime(${text}, '%Y-%m'), ${timestampSql(text, { native: true })})`;
  return `cast(date_trunc('month', ${timestamp}) as date)`;
}

/** Words for the expected month format in rejection reasons. */
export function describeMonthFormat(parsing: DateParsing): string {
  return parsing.format && !parsing.native ? `format ${parsing.format}` : 'format yyyy-mm';
}

/** `"value"` for a rejection reason: the value in double quotes, as the user wrote it. */
export function quotedSql(text: string): string {
  return `'"' || ${text} || '"'`;
}
