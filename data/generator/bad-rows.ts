/**
 * Known-bad rows for exercising validation and quarantine. They are inserted between clean rows,
 * never in place of one, and drawn from their own random stream: deleting the reported rows gives
 * back, byte for byte, the files generated without bad rows.
 */
import type { CsvWriter } from './csv-writer.ts';
import { leadId, type Lead } from './lead.ts';
import { Rng } from './prng.ts';
import { eventRow, leadRow, outcomeRow } from './tables.ts';
import { formatTimestamp, SECONDS_PER_DAY } from './timestamps.ts';

export type BadRowTable = 'leads' | 'events' | 'outcomes';
export type BadRowKind = 'unparseable_date' | 'duplicate_lead_id' | 'unknown_lead_id' | 'non_numeric';

export interface InjectedBadRow {
  table: BadRowTable;
  /** Path of the file the row is in. */
  file: string;
  /** Data row number, 1-based, header not counted. */
  row: number;
  /** The column holding the fault. */
  column: string;
  kind: BadRowKind;
  /** The faulty cell's text. */
  value: string;
}

/** What a recipe needs to write its row. */
interface RowContext {
  /** The clean lead the bad row follows. */
  lead: Lead;
  /** The faulty text drawn from the recipe's values. */
  text: string;
  /** An id no clean lead has. */
  freshId: string;
  /** The id of an earlier (or the same) clean lead. */
  duplicateId: string;
  /** A valid timestamp this many seconds after the lead's created_at, capped at the as-of date. */
  soon: (seconds: number) => string;
}

interface Recipe {
  table: BadRowTable;
  column: string;
  kind: BadRowKind;
  /** Faulty texts to choose from; empty when the fault is an id. */
  values: readonly string[];
  /** The row and the faulty cell's text. */
  render(c: RowContext): { line: string; value: string };
}

/**
 * The kinds of fault, used in this order (so `badRows` ≥ 6 covers all of them). The bad amount
 * sits on a second outcomes row of an existing lead: a lead with no clean outcome row would be a
 * second, unreported fault.
 */
export const BAD_ROW_RECIPES: readonly Recipe[] = [
  {
    table: 'leads', column: 'created_at', kind: 'unparseable_date',
    values: ['31/02/2024', 'not a date', '2025-13-45 10:00:00', '2025-02-30 08:15:00'],
    render: (c) => ({ line: leadRow({ ...c.lead, id: c.freshId }, c.text), value: c.text }),
  },
  {
    table: 'leads', column: 'lead_id', kind: 'duplicate_lead_id', values: [],
    render: (c) => ({ line: leadRow({ ...c.lead, id: c.duplicateId }), value: c.duplicateId }),
  },
  {
    table: 'events', column: 'lead_id', kind: 'unknown_lead_id', values: [],
    render: (c) => ({ line: eventRow(c.freshId, c.soon(3600), 'page_view', '30'), value: c.freshId }),
  },
  {
    table: 'events', column: 'occurred_at', kind: 'unparseable_date',
    values: ['2025-02-30 12:00:00', 'yesterday', '13/13/2025 10:00', '2025-06-01 25:61:00'],
    render: (c) => ({ line: eventRow(c.lead.id, c.text, 'page_view', '42'), value: c.text }),
  },
  {
    table: 'events', column: 'value', kind: 'non_numeric', values: ['abc', '12s', '1,5', 'forty'],
    render: (c) => ({ line: eventRow(c.lead.id, c.soon(3600), 'page_view', c.text), value: c.text }),
  },
  {
    table: 'outcomes', column: 'amount', kind: 'non_numeric', values: ['abc', '12k', 'TBD', '1.2.3'],
    render: (c) => ({ line: outcomeRow(c.lead.id, 'won', c.soon(10 * SECONDS_PER_DAY), c.text), value: c.text }),
  },
];

interface Plan {
  recipe: Recipe;
  /** Unique per bad row; also numbers the fresh lead ids beyond the clean ones. */
  ordinal: number;
  /** 0-based index of the clean lead after whose rows this one goes. */
  afterLead: number;
  /** 0-based index of the lead whose id a duplicate reuses. */
  duplicateOf: number;
  text: string;
}

/** Places bad rows between the rows of clean leads and records where they went. */
export class BadRowInjector {
  readonly injected: InjectedBadRow[] = [];
  private readonly plans: Plan[];
  private next = 0;

  constructor(
    count: number,
    private readonly leadCount: number,
    seed: number,
    private readonly asOf: number,
    private readonly writers: Record<BadRowTable, CsvWriter>,
  ) {
    const rng = new Rng(seed, 1);
    this.plans = Array.from({ length: count }, (_, ordinal) => {
      const recipe = BAD_ROW_RECIPES[ordinal % BAD_ROW_RECIPES.length];
      const afterLead = rng.int(leadCount);
      const duplicateOf = rng.int(afterLead + 1);
      const text = recipe.values.length ? recipe.values[rng.int(recipe.values.length)] : '';
      return { recipe, ordinal, afterLead, duplicateOf, text };
    }).sort((a, b) => a.afterLead - b.afterLead || a.ordinal - b.ordinal);
  }

  /** Writes the bad rows planned after `lead`, the clean lead with 0-based index `index`. */
  afterLead(index: number, lead: Lead): void {
    while (this.next < this.plans.length && this.plans[this.next].afterLead === index) {
      this.write(this.plans[this.next++], lead);
    }
  }

  private write(plan: Plan, lead: Lead): void {
    const { line, value } = plan.recipe.render({
      lead,
      text: plan.text,
      freshId: leadId(this.leadCount + 1 + plan.ordinal),
      duplicateId: leadId(plan.duplicateOf + 1),
      soon: (seconds) => formatTimestamp(Math.min(lead.createdAt + seconds, this.asOf)),
    });
    const { table, column, kind } = plan.recipe;
    const writer = this.writers[table];
    writer.row(line);
    this.injected.push({ table, file: writer.path, row: writer.rows, column, kind, value });
  }
}
