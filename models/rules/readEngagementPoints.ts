/**
 * Reads table rule_engagement into EngagementPoints for the leads of a frame. The frame's lead
 * ids are appended to a temporary table once and joined in SQL, so the rows come back as
 * numbers only, already sorted by frame row: turning millions of lead ids into JS strings and
 * looking each up in a Map cost several times more than the rest of the read.
 */
import {
  DuckDBDataChunk,
  DuckDBDoubleVector,
  DuckDBIntegerVector,
  INTEGER,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBVector,
} from '@duckdb/node-api';
import { InputError, LeadscoreError } from '../../core/errors.ts';
import { ident } from '../../core/sql.ts';
import {
  allocateEngagementPoints,
  checkOneEntryPerRule,
  notInFrame,
  unknownRule,
  type EngagementPoints,
} from './engagementPoints.ts';
import { RULE_ENGAGEMENT_TABLE } from './ruleEngagementSql.ts';
import type { RuleSet } from './ruleSet.ts';

const APPEND_ROWS = 2048;

/** The rows of `table` (built by buildRuleEngagement with `ruleSet`) for the frame whose leads are `leadIds`. */
export async function readEngagementPoints(
  connection: DuckDBConnection,
  ruleSet: RuleSet,
  leadIds: readonly string[],
  table = RULE_ENGAGEMENT_TABLE,
): Promise<EngagementPoints> {
  const ruleIndex = new Map(ruleSet.engagement.map((rule, j) => [rule.id, j]));
  // The rows carry each rule's position; check it still means the same rule before trusting it.
  const rules = await connection.runAndReadAll(`select distinct rule_index, rule_id from ${ident(table)}`);
  for (const [index, id] of rules.getRowsJS() as Array<[number, string]>) {
    if (!ruleIndex.has(id)) throw unknownRule(ruleSet, id);
    if (ruleIndex.get(id) !== index) {
      throw new InputError(`${table} was built from another rule set: rule ${JSON.stringify(id)} is at position ${index}`, {
        where: table,
        hint: 'rebuild it with buildRuleEngagement and the rule set that scores',
      });
    }
  }

  const frameRows = ident(`${table}_frame_rows`);
  await connection.run(`create or replace temporary table ${frameRows} (lead_id varchar, frame_row integer)`);
  try {
    await appendFrameRows(connection, `${table}_frame_rows`, leadIds);
    const joined = `from ${ident(table)} as engagement left join ${frameRows} as frame_rows on frame_rows.lead_id = engagement.lead_id`;
    const counts = await connection.runAndReadAll(
      `select count(*)::integer, count(*) filter (where frame_rows.frame_row is null)::integer,
              any_value(engagement.lead_id) filter (where frame_rows.frame_row is null)
       ${joined}`,
    );
    const [entries, strangers, stranger] = counts.getRowsJS()[0] as [number, number, string | null];
    if (strangers) throw notInFrame(String(stranger));
    const out = allocateEngagementPoints(ruleSet, leadIds.length, entries);
    // Sorted by frame row, the rows arrive in the order EngagementPoints keeps them. Coalescing
    // lets DuckDB send vectors without a validity mask, whose per-value check costs more than
    // the read itself (none of these columns is ever null).
    const columns = [
      'frame_rows.frame_row',
      'engagement.rule_index::integer',
      'engagement.occurrences::integer',
      'engagement.raw_points::double',
      'engagement.decayed_points::double',
      'engagement.capped_points::double',
      'engagement.points::double',
      'engagement.inactive_weeks::integer',
    ];
    const result = await connection.stream(
      `select ${columns.map((column) => `coalesce(${column}, 0)`).join(', ')}
       ${joined}
       order by frame_rows.frame_row, engagement.rule_index`,
    );
    let at = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk) break;
      // rowCount crosses into native code: read it once per chunk, not per row.
      const n = chunk.rowCount;
      if (n === 0) break;
      if (at + n > entries) throw changedWhileRead(table);
      const row = vector(chunk.getColumnVector(0), DuckDBIntegerVector);
      const rule = vector(chunk.getColumnVector(1), DuckDBIntegerVector);
      const occurrences = vector(chunk.getColumnVector(2), DuckDBIntegerVector);
      const raw = vector(chunk.getColumnVector(3), DuckDBDoubleVector);
      const decayed = vector(chunk.getColumnVector(4), DuckDBDoubleVector);
      const capped = vector(chunk.getColumnVector(5), DuckDBDoubleVector);
      const points = vector(chunk.getColumnVector(6), DuckDBDoubleVector);
      const weeks = vector(chunk.getColumnVector(7), DuckDBIntegerVector);
      for (let i = 0; i < n; i++, at++) {
        const frameRow = row.getItem(i)!;
        out.start[frameRow + 1]++;
        out.rule[at] = rule.getItem(i)!;
        out.occurrences[at] = occurrences.getItem(i)!;
        out.rawPoints[at] = raw.getItem(i)!;
        out.decayedPoints[at] = decayed.getItem(i)!;
        out.cappedPoints[at] = capped.getItem(i)!;
        out.points[at] = points.getItem(i)!;
        out.inactiveWeeks[at] = weeks.getItem(i)!;
      }
    }
    if (at !== entries) throw changedWhileRead(table);
    for (let r = 0; r < out.rows; r++) out.start[r + 1] += out.start[r];
    checkOneEntryPerRule(out, leadIds);
    return out;
  } finally {
    await connection.run(`drop table if exists ${frameRows}`);
  }
}

function changedWhileRead(table: string): LeadscoreError {
  return new LeadscoreError('warehouse', `${table} changed while it was read`, { where: table });
}

async function appendFrameRows(connection: DuckDBConnection, table: string, leadIds: readonly string[]): Promise<void> {
  const appender = await connection.createAppender(table);
  try {
    for (let start = 0; start < leadIds.length; start += APPEND_ROWS) {
      const end = Math.min(leadIds.length, start + APPEND_ROWS);
      const chunk = DuckDBDataChunk.create([VARCHAR, INTEGER], end - start);
      chunk.setColumns([leadIds.slice(start, end), Array.from({ length: end - start }, (_, k) => start + k)]);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function vector<V>(found: DuckDBVector, type: abstract new (...args: never[]) => V): V {
  if (!(found instanceof type)) throw new LeadscoreError('internal', `expected a ${type.name} from DuckDB, got ${found.constructor.name}`);
  return found;
}
