/**
 * Reads table rule_engagement into EngagementPoints for the leads of a frame. The table names
 * each lead by its integer key (its rule_leads.rowid), and the frame says which key each of its
 * rows is, so the rows come back as numbers only, copied a whole DuckDB vector at a time, and
 * are put in frame order in JS (a counting sort): no lead id crosses between DuckDB and JS, and
 * DuckDB sorts nothing.
 */
import { DuckDBDoubleVector, DuckDBIntegerVector, type DuckDBConnection, type DuckDBVector } from '@duckdb/node-api';
import { InputError, LeadscoreError } from '../../core/errors.ts';
import { ident, numberLiteral } from '../../core/sql.ts';
import { vectorValues } from '../../features/frame/readFeatureFrame.ts';
import { EngagementPointsBuilder, notInFrame, unknownRule, type EngagementPoints } from './engagementPoints.ts';
import { RULE_ENGAGEMENT_TABLE, RULE_LEADS_TABLE } from './ruleEngagementSql.ts';
import type { RuleSet } from './ruleSet.ts';

/** A frame's leads: their ids, and the rule_leads key (rowid) of each frame row; -1 = not in rule_leads, so no engagement. */
export interface FrameLeads {
  leadIds: readonly string[];
  leadKeys: ArrayLike<number>;
}

/** The rows of `table` (built by buildRuleEngagement with `ruleSet`) for the frame whose leads are `leads`. */
export async function readEngagementPoints(
  connection: DuckDBConnection,
  ruleSet: RuleSet,
  leads: FrameLeads,
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

  const rowOfKey = frameRowOfKey(leads);
  const builder = new EngagementPointsBuilder(ruleSet, leads.leadIds);
  // Coalescing lets DuckDB send vectors without a validity mask, so they are copied whole (none
  // of these columns is ever null).
  const columns = ['lead_key', 'rule_index', 'occurrences', 'inactive_weeks', 'raw_points', 'decayed_points', 'capped_points', 'points'];
  const types = ['integer', 'integer', 'integer', 'integer', 'double', 'double', 'double', 'double'];
  const result = await connection.stream(
    `select ${columns.map((column, j) => `coalesce(${ident(column)}::${types[j]}, ${j ? 0 : -1})`).join(', ')} from ${ident(table)}`,
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    // rowCount crosses into native code: read it once per chunk, not per row.
    const n = chunk?.rowCount ?? 0;
    if (!chunk || n === 0) break;
    const [key, rule, occurrences, weeks] = [0, 1, 2, 3].map((j) => integers(chunk.getColumnVector(j), n));
    const [raw, decayed, capped, points] = [4, 5, 6, 7].map((j) => doubles(chunk.getColumnVector(j), n));
    for (let i = 0; i < n; i++) {
      const row = key[i] >= 0 && key[i] < rowOfKey.length ? rowOfKey[key[i]] : -1;
      if (row < 0) throw notInFrame(await leadIdOfKey(connection, key[i]));
      builder.addAt(row, rule[i], occurrences[i], raw[i], decayed[i], capped[i], points[i], weeks[i]);
    }
  }
  return builder.build();
}

/** rowOfKey[key] = the frame row of the lead with that key, -1 for a key not in the frame (a frame row with key -1 is not in rule_leads). */
function frameRowOfKey({ leadIds, leadKeys }: FrameLeads): Int32Array {
  if (leadKeys.length !== leadIds.length) {
    throw new LeadscoreError('internal', `${leadKeys.length} lead keys for ${leadIds.length} frame rows`);
  }
  let maxKey = -1;
  for (let row = 0; row < leadKeys.length; row++) {
    const key = leadKeys[row];
    if (!Number.isInteger(key)) throw new LeadscoreError('internal', `frame row ${row} (lead ${JSON.stringify(leadIds[row])}) has lead key ${key}`);
    if (key > maxKey) maxKey = key;
  }
  const rowOfKey = new Int32Array(maxKey + 1).fill(-1);
  for (let row = 0; row < leadKeys.length; row++) {
    const key = leadKeys[row];
    if (key < 0) continue;
    if (rowOfKey[key] >= 0) throw new LeadscoreError('internal', `frame rows ${rowOfKey[key]} and ${row} have the same lead key ${key}`);
    rowOfKey[key] = row;
  }
  return rowOfKey;
}

/**
 * The key of each of `leadIds` in rule_leads (-1 where it is not there), for a frame read some
 * other way than from rule_leads. Reads every lead id: for tests and small frames.
 */
export async function leadKeysOf(connection: DuckDBConnection, leadIds: readonly string[]): Promise<Int32Array> {
  const reader = await connection.runAndReadAll(`select rowid::integer, lead_id from ${ident(RULE_LEADS_TABLE)}`);
  const keyOf = new Map((reader.getRowsJS() as Array<[number, string]>).map(([key, id]) => [id, key]));
  return Int32Array.from(leadIds, (id) => keyOf.get(id) ?? -1);
}

async function leadIdOfKey(connection: DuckDBConnection, key: number): Promise<string> {
  const reader = await connection.runAndReadAll(`select lead_id from ${ident(RULE_LEADS_TABLE)} where rowid = ${numberLiteral(key)}`);
  return String(reader.getRowsJS()[0]?.[0] ?? `with key ${key}`);
}

function integers(found: DuckDBVector, n: number): Int32Array {
  const vector = expect(found, DuckDBIntegerVector);
  return vectorValues(vector, Int32Array, n) ?? Int32Array.from({ length: n }, (_, i) => vector.getItem(i) ?? 0);
}

function doubles(found: DuckDBVector, n: number): Float64Array {
  const vector = expect(found, DuckDBDoubleVector);
  return vectorValues(vector, Float64Array, n) ?? Float64Array.from({ length: n }, (_, i) => vector.getItem(i) ?? 0);
}

function expect<V>(found: DuckDBVector, type: abstract new (...args: never[]) => V): V {
  if (!(found instanceof type)) throw new LeadscoreError('internal', `expected a ${type.name} from DuckDB, got ${found.constructor.name}`);
  return found;
}
