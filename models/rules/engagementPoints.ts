/**
 * The engagement rules' points per lead of a frame, folded from the rows of rule_engagement.sql
 * (one per lead and rule that fired) into a compressed sparse row layout in frame order: the
 * entries of frame row i are start[i] .. start[i + 1] - 1, in rule order. Most leads fire a few
 * rules, so this stays small where a dense leads × rules matrix of five numbers each would not.
 */
import { InputError } from '../../core/errors.ts';
import type { RuleSet } from './ruleSet.ts';

export interface EngagementPoints {
  rows: number;
  /** The engagement rules' ids, in rule set order; `rule` indexes this. */
  ruleIds: string[];
  start: Int32Array;
  rule: Int32Array;
  occurrences: Int32Array;
  /** Occurrences × points, or the frequency band's points: before decay and cap. */
  rawPoints: Float64Array;
  /** After the half-life decay (equal to rawPoints without one). */
  decayedPoints: Float64Array;
  /** After the rule's cap. */
  cappedPoints: Float64Array;
  /** After the weekly inactivity loss: what the rule gives the lead. */
  points: Float64Array;
  /** Full weeks since the lead's last event of any type. */
  inactiveWeeks: Int32Array;
}

/** One row of table rule_engagement. */
export interface EngagementRow {
  lead_id: string;
  rule_id: string;
  occurrences: number;
  raw_points: number;
  decayed_points: number;
  capped_points: number;
  points: number;
  inactive_weeks: number;
}

/** Collects entries in any order, then sorts them into frame row order (a counting sort), each row's by rule. */
export class EngagementPointsBuilder {
  /** Built on first use: a caller adding by frame row (addAt) never needs it. */
  private rowOfLead: Map<string, number> | null = null;
  private readonly ruleOf: Map<string, number>;
  private size = 0;
  private leadRow = new Int32Array(1024);
  private ruleIndex = new Int32Array(1024);
  private counts = new Int32Array(1024);
  private weeks = new Int32Array(1024);
  private numbers = new Float64Array(4 * 1024);

  constructor(
    private readonly ruleSet: RuleSet,
    private readonly leadIds: readonly string[],
  ) {
    this.ruleOf = new Map(ruleSet.engagement.map((rule, j) => [rule.id, j]));
  }

  private get rowOf(): Map<string, number> {
    this.rowOfLead ??= new Map(this.leadIds.map((id, row) => [id, row]));
    return this.rowOfLead;
  }

  /** The rule's index, or an error naming the unknown rule id. */
  ruleIndexOf(ruleId: string): number {
    const index = this.ruleOf.get(ruleId);
    if (index === undefined) throw unknownRule(this.ruleSet, ruleId);
    return index;
  }

  add(leadId: string, rule: number, occurrences: number, raw: number, decayed: number, capped: number, points: number, inactiveWeeks: number): void {
    const row = this.rowOf.get(leadId);
    if (row === undefined) throw notInFrame(leadId);
    this.addAt(row, rule, occurrences, raw, decayed, capped, points, inactiveWeeks);
  }

  /** As add, with the lead given by its frame row. */
  addAt(row: number, rule: number, occurrences: number, raw: number, decayed: number, capped: number, points: number, inactiveWeeks: number): void {
    if (!(rule >= 0 && rule < this.ruleSet.engagement.length)) throw unknownRule(this.ruleSet, `#${rule}`);
    if (this.size === this.leadRow.length) this.grow();
    const i = this.size++;
    this.leadRow[i] = row;
    this.ruleIndex[i] = rule;
    this.counts[i] = occurrences;
    this.weeks[i] = inactiveWeeks;
    this.numbers[4 * i] = raw;
    this.numbers[4 * i + 1] = decayed;
    this.numbers[4 * i + 2] = capped;
    this.numbers[4 * i + 3] = points;
  }

  build(): EngagementPoints {
    const rows = this.leadIds.length;
    const n = this.size;
    const out = allocateEngagementPoints(this.ruleSet, rows, n);
    const { start, rule, occurrences, inactiveWeeks, rawPoints, decayedPoints, cappedPoints, points } = out;
    const { leadRow, ruleIndex, counts, weeks, numbers } = this;
    for (let i = 0; i < n; i++) start[leadRow[i] + 1]++;
    for (let row = 0; row < rows; row++) start[row + 1] += start[row];
    const next = start.slice(0, rows);
    for (let i = 0; i < n; i++) {
      const at = next[leadRow[i]]++;
      rule[at] = ruleIndex[i];
      occurrences[at] = counts[i];
      inactiveWeeks[at] = weeks[i];
      rawPoints[at] = numbers[4 * i];
      decayedPoints[at] = numbers[4 * i + 1];
      cappedPoints[at] = numbers[4 * i + 2];
      points[at] = numbers[4 * i + 3];
    }
    // Each row's few entries into rule order (an insertion sort), whatever order they came in.
    for (let row = 0; row < rows; row++) {
      for (let x = start[row] + 1; x < start[row + 1]; x++) {
        for (let y = x; y > start[row] && rule[y - 1] > rule[y]; y--) swapEntries(out, y - 1, y);
      }
    }
    checkOneEntryPerRule(out, this.leadIds);
    return out;
  }

  private grow(): void {
    const doubled = <T extends Int32Array | Float64Array>(a: T): T => {
      const bigger = new (a.constructor as new (n: number) => T)(a.length * 2);
      bigger.set(a);
      return bigger;
    };
    this.leadRow = doubled(this.leadRow);
    this.ruleIndex = doubled(this.ruleIndex);
    this.counts = doubled(this.counts);
    this.weeks = doubled(this.weeks);
    this.numbers = doubled(this.numbers);
  }
}

function swapEntries(points: EngagementPoints, a: number, b: number): void {
  for (const array of [points.rule, points.occurrences, points.inactiveWeeks, points.rawPoints, points.decayedPoints, points.cappedPoints, points.points]) {
    const kept = array[a];
    array[a] = array[b];
    array[b] = kept;
  }
}

/** Zeroed arrays for `entries` entries over `rows` frame rows (start all 0: no entries yet). */
export function allocateEngagementPoints(ruleSet: RuleSet, rows: number, entries: number): EngagementPoints {
  return {
    rows,
    ruleIds: ruleSet.engagement.map((rule) => rule.id),
    start: new Int32Array(rows + 1),
    rule: new Int32Array(entries),
    occurrences: new Int32Array(entries),
    rawPoints: new Float64Array(entries),
    decayedPoints: new Float64Array(entries),
    cappedPoints: new Float64Array(entries),
    points: new Float64Array(entries),
    inactiveWeeks: new Int32Array(entries),
  };
}

export function unknownRule(ruleSet: RuleSet, ruleId: string): InputError {
  return new InputError(`engagement rows name rule ${JSON.stringify(ruleId)}, which is not an engagement rule of ${ruleSet.where}`, {
    received: ruleId,
    expected: `one of ${ruleSet.engagement.map((rule) => rule.id).join(', ')}`,
    hint: 'build rule_engagement with the same rule set that scores',
  });
}

export function notInFrame(leadId: string): InputError {
  return new InputError(`engagement rows have lead ${JSON.stringify(leadId)}, which is not in the frame being scored`, {
    received: leadId,
    hint: 'rule_leads must hold exactly the leads of the frame',
  });
}

export function checkOneEntryPerRule(points: EngagementPoints, leadIds: readonly string[]): void {
  for (let row = 0; row < points.rows; row++) {
    for (let a = points.start[row]; a < points.start[row + 1]; a++) {
      for (let b = a + 1; b < points.start[row + 1]; b++) {
        if (points.rule[a] === points.rule[b]) {
          throw new InputError(`engagement rows have lead ${JSON.stringify(leadIds[row])} twice for rule ${JSON.stringify(points.ruleIds[points.rule[a]])}`, {
            expected: 'one row per lead and rule',
          });
        }
      }
    }
  }
}

/** Folds plain rows (tests, or rows read another way) into EngagementPoints for `leadIds`. */
export function foldEngagementRows(ruleSet: RuleSet, leadIds: readonly string[], rows: Iterable<EngagementRow>): EngagementPoints {
  const builder = new EngagementPointsBuilder(ruleSet, leadIds);
  for (const r of rows) {
    builder.add(r.lead_id, builder.ruleIndexOf(r.rule_id), r.occurrences, r.raw_points, r.decayed_points, r.capped_points, r.points, r.inactive_weeks);
  }
  return builder.build();
}

/** No engagement at all: for a rule set without engagement rules, or leads without events. */
export function noEngagement(ruleSet: RuleSet, rows: number): EngagementPoints {
  return allocateEngagementPoints(ruleSet, rows, 0);
}
