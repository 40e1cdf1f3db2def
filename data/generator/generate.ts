/**
 * Writes a deterministic sample CRM — leads, events, outcomes, channel costs — as CSV files whose
 * conversion follows the known model in truth.ts. Leads are generated and written one at a time,
 * so memory stays flat (a few MB per million leads) however many are asked for.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CanonicalTable } from '../config.ts';
import { LeadscoreError } from '../../core/errors.ts';
import { BadRowInjector, type InjectedBadRow } from './bad-rows.ts';
import { CostLedger } from './costs.ts';
import { sampleCreatedTimes } from './created-times.ts';
import { CsvWriter } from './csv-writer.ts';
import { sampleEarlyEvents, sampleLateEvents, samplePropensity, type SampledEvent } from './events.ts';
import { sampleLead } from './lead.ts';
import { sampleOutcome } from './outcome.ts';
import { Rng } from './prng.ts';
import { COLUMNS, costRow, FILE_NAMES, leadRow, outcomeRow } from './tables.ts';
import { formatTimestamp, monthIndex, parseAsOf, startOfMonth } from './timestamps.ts';
import { summarizeEngagement, trueConversionProbability } from './truth.ts';

export const DEFAULT_LEADS = 50_000;
export const DEFAULT_SEED = 42;
/** A fixed default, never the clock: the same options must give the same files. */
export const DEFAULT_AS_OF = '2026-06-30';
/** Leads are created over this many calendar months, the last being the as-of month. */
export const SPAN_MONTHS = 18;

export interface GenerateOptions {
  /** Created if missing; existing files of the same names are overwritten. */
  outDir: string;
  leads?: number;
  seed?: number;
  /** `YYYY-MM-DD` (through the end of that day) or `YYYY-MM-DD HH:MM:SS`, UTC. Nothing in the data is later. */
  asOf?: string;
  /** How many known-bad rows to insert (see bad-rows.ts). */
  badRows?: number;
  onProgress?: (message: string) => void;
}

export interface GeneratedCrm {
  outDir: string;
  files: Record<CanonicalTable, string>;
  /** Data rows per file (header not counted), injected bad rows included. */
  rows: Record<CanonicalTable, number>;
  badRows: InjectedBadRow[];
  /** The as-of moment, `YYYY-MM-DD HH:MM:SS`. */
  asOf: string;
  /** The earliest possible created_at, `YYYY-MM-DD HH:MM:SS`. */
  startsAt: string;
  seed: number;
}

interface ValidOptions {
  outDir: string;
  leads: number;
  seed: number;
  asOf: number;
  badRows: number;
  onProgress: (message: string) => void;
}

function usage(message: string, received: unknown, expected: string): LeadscoreError {
  return new LeadscoreError('usage', message, { where: 'generateSampleCrm', received, expected });
}

function validate(options: GenerateOptions): ValidOptions {
  const { leads = DEFAULT_LEADS, seed = DEFAULT_SEED, asOf = DEFAULT_AS_OF, badRows = 0 } = options;
  if (typeof options.outDir !== 'string' || options.outDir === '') throw usage('outDir must be a directory path', options.outDir, 'a path');
  if (!Number.isSafeInteger(leads) || leads < 1) throw usage(`leads must be a positive integer, got ${leads}`, leads, 'an integer ≥ 1');
  if (!Number.isSafeInteger(seed)) throw usage(`seed must be an integer, got ${seed}`, seed, 'an integer');
  if (!Number.isSafeInteger(badRows) || badRows < 0) throw usage(`badRows must be a non-negative integer, got ${badRows}`, badRows, 'an integer ≥ 0');
  const asOfSeconds = parseAsOf(asOf);
  if (asOfSeconds === null) throw usage(`asOf "${asOf}" is not a date`, asOf, 'YYYY-MM-DD or YYYY-MM-DD HH:MM:SS');
  return { outDir: resolve(options.outDir), leads, seed, asOf: asOfSeconds, badRows, onProgress: options.onProgress ?? (() => {}) };
}

/** Generates the sample CRM into `options.outDir`. */
export async function generateSampleCrm(options: GenerateOptions): Promise<GeneratedCrm> {
  return generate(validate(options));
}

async function generate(o: ValidOptions): Promise<GeneratedCrm> {
  const started = performance.now();
  await mkdir(o.outDir, { recursive: true });
  const files = Object.fromEntries(
    (Object.keys(FILE_NAMES) as CanonicalTable[]).map((t) => [t, resolve(o.outDir, FILE_NAMES[t])]),
  ) as Record<CanonicalTable, string>;
  const rng = new Rng(o.seed);
  const start = startOfMonth(o.asOf, SPAN_MONTHS - 1);
  const createdTimes = sampleCreatedTimes(rng, o.leads, start, o.asOf);
  const ledger = new CostLedger(monthIndex(start), monthIndex(o.asOf));

  const writers: Partial<Record<CanonicalTable, CsvWriter>> = {};
  try {
    for (const table of ['leads', 'events', 'outcomes', 'channel_costs'] as const) {
      writers[table] = await CsvWriter.open(files[table], COLUMNS[table]);
    }
    const { leads, events, outcomes, channel_costs: costs } = writers as Record<CanonicalTable, CsvWriter>;
    const injector = new BadRowInjector(o.badRows, o.leads, o.seed, o.asOf, { leads, events, outcomes });
    const progressEvery = Math.max(1, Math.ceil(o.leads / 10));

    for (let i = 0; i < o.leads; i++) {
      const createdAt = createdTimes[i];
      const lead = sampleLead(rng, i + 1, createdAt);
      const propensity = samplePropensity(rng, lead);
      const early = sampleEarlyEvents(rng, lead, propensity);
      const probability = trueConversionProbability(lead, summarizeEngagement(early));
      const lastEarly = early.length ? early[early.length - 1].secondsAfterCreated : -1;
      const outcome = sampleOutcome(rng, lead, probability, lastEarly);
      const late = sampleLateEvents(rng, propensity, outcome.won, outcome.closeAfter);

      leads.row(leadRow(lead));
      writeEvents(events, lead.id, createdAt, early, o.asOf);
      writeEvents(events, lead.id, createdAt, late, o.asOf);
      const closedAt = createdAt + outcome.closeAfter;
      if (closedAt > o.asOf) outcomes.row(outcomeRow(lead.id, 'open', '', ''));
      else if (outcome.won) outcomes.row(outcomeRow(lead.id, 'won', formatTimestamp(closedAt), String(outcome.amount)));
      else outcomes.row(outcomeRow(lead.id, 'lost', formatTimestamp(closedAt), ''));
      ledger.add(lead.channel, monthIndex(createdAt));
      injector.afterLead(i, lead);

      if (leads.backedUp) await leads.drain();
      if (events.backedUp) await events.drain();
      if (outcomes.backedUp) await outcomes.drain();
      if ((i + 1) % progressEvery === 0) o.onProgress(`generated ${i + 1} of ${o.leads} leads (${events.rows} events)`);
    }
    for (const cost of ledger.costs(rng)) costs.row(costRow(cost));
    for (const writer of Object.values(writers)) await writer.close();

    const rows = Object.fromEntries(Object.entries(writers).map(([t, w]) => [t, w.rows])) as Record<CanonicalTable, number>;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    o.onProgress(`wrote ${rows.leads} leads, ${rows.events} events, ${rows.outcomes} outcomes, ${rows.channel_costs} channel costs to ${o.outDir} (${seconds}s)`);
    return {
      outDir: o.outDir,
      files,
      rows,
      badRows: injector.injected,
      asOf: formatTimestamp(o.asOf),
      startsAt: formatTimestamp(start),
      seed: o.seed,
    };
  } catch (error) {
    for (const writer of Object.values(writers)) writer.destroy();
    throw error;
  }
}

/**
 * Writes a lead's events up to the as-of moment; later ones have not happened yet. Joined by hand
 * rather than through eventRow: no field here can need quoting, and quoting checks were a tenth
 * of a 1M-lead run.
 */
function writeEvents(writer: CsvWriter, leadId: string, createdAt: number, events: SampledEvent[], asOf: number): void {
  for (const e of events) {
    const at = createdAt + e.secondsAfterCreated;
    if (at > asOf) break;
    writer.row(leadId + ',' + formatTimestamp(at) + ',' + e.type + ',' + (e.value === null ? '' : e.value));
  }
}
