/**
 * What every report builder accepts besides the config. The CLI validates these at its edge
 * (`reportOptionsSchema`); library callers pass them directly. A builder that has no use for an
 * option (the model report has no period) says so with a usage error instead of ignoring it.
 */
import { z } from 'zod';
import { LeadscoreError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';

/** Leads created from `from` through `to`, both whole days, inclusive; null = unbounded. */
export interface ReportPeriod {
  /** `yyyy-mm-dd`. */
  from: string | null;
  /** `yyyy-mm-dd`. */
  to: string | null;
}

export interface ReportOptions {
  /** Model id, `latest` or `champion` (the default, as for `score`). */
  model?: string;
  /** Only leads created in this period (report roi; report compare where it can). Default: all. */
  period?: ReportPeriod;
  /** How many rows a "top N" table shows (e.g. the leads where rules and model disagree most). Default 20. */
  top?: number;
  progress?: Progress;
}

export const defaultTop = 20;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as yyyy-mm-dd')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a calendar date');

/** The CLI's view of the options (strings from the command line), turned into ReportOptions. */
export const reportOptionsSchema = z
  .object({
    model: z.string().min(1).default('champion'),
    from: isoDay.optional(),
    to: isoDay.optional(),
    top: z.coerce.number().int().positive().default(defaultTop),
  })
  .refine((o) => !o.from || !o.to || o.from <= o.to, { message: '--from must not be after --to', path: ['from'] })
  .transform((o) => ({
    model: o.model,
    period: { from: o.from ?? null, to: o.to ?? null },
    top: o.top,
  }));

/** True when the options restrict the period at all. */
export function hasPeriod(options: ReportOptions): boolean {
  return Boolean(options.period && (options.period.from || options.period.to));
}

/**
 * Half-open timestamp bounds for SQL (`created_at >= start and created_at < endExclusive`):
 * `to` includes the whole day. Strings `yyyy-mm-dd`, to pass through core/sql.ts `literal`.
 */
export function periodBounds(period: ReportPeriod | undefined): { start: string | null; endExclusive: string | null } {
  if (!period) return { start: null, endExclusive: null };
  let endExclusive: string | null = null;
  if (period.to) {
    const next = new Date(`${period.to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    endExclusive = next.toISOString().slice(0, 10);
  }
  return { start: period.from, endExclusive };
}

/** For builders without a period: a usage error rather than silently reporting on everything. */
export function rejectPeriod(options: ReportOptions, report: string, why: string): void {
  if (hasPeriod(options)) {
    throw new LeadscoreError('usage', `leadscore report ${report}: --from/--to do not apply: ${why}`);
  }
}

/** The period as people read it, for report context lines. */
export function describePeriod(period: ReportPeriod | undefined): string {
  if (!period || (!period.from && !period.to)) return 'all leads';
  if (period.from && period.to) return `leads created ${period.from} to ${period.to}`;
  return period.from ? `leads created from ${period.from}` : `leads created through ${period.to}`;
}
