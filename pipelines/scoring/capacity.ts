/**
 * The MQL threshold from sales' capacity: how many leads sales can work per week.
 *
 * What "per week" means. An MQL threshold is a standing rule applied to leads as they arrive,
 * so it is set on the flow of new leads, not on the backlog of a single run: the leads created
 * in the last `windowWeeks` weeks before the as-of time (the data's "now") are this run's sample
 * of a typical week's intake. Of those still open and qualifying (not disqualified, grade and
 * band as the MQL agreement asks — every open lead without a rule file), the best
 * `capacity × windowWeeks` by blended score would have filled sales' weeks exactly; the
 * threshold is the blended score of the last of them. Every qualifying lead scored in this run
 * at or above it (older open leads included) becomes an MQL.
 *
 * When fewer qualifying leads arrived than sales can work, marketing's volume cannot fill the
 * capacity: the threshold drops to 0 (every qualifying lead goes to sales) and a warning says by
 * how much the volume falls short.
 *
 * A source without creation dates (a wide table) has no weeks: there the threshold is set on
 * the backlog instead, the capacity-th best qualifying lead of this run (`basis: 'backlog'`).
 */

export interface CapacityInput {
  capacityPerWeek: number;
  windowWeeks: number;
  /** The data's as-of time (ms since epoch); null when the source has no dates. */
  asOfMs: number | null;
  /** Leads created in the window, whatever their outcome (marketing's whole volume). */
  arrivals: number | null;
  /** One entry per scored lead. */
  blendedScore: Float64Array;
  probability: Float64Array;
  /** created_at, ms since epoch (NaN when unknown). */
  createdAt: Float64Array;
  /** 1 where the lead may become an MQL (open and qualifying). */
  eligible: Uint8Array;
}

export interface CapacityPlan {
  capacityPerWeek: number;
  basis: 'arrivals' | 'backlog';
  /** The weeks "per week" was measured on; null on the backlog basis. */
  window: { weeks: number; from: string; to: string } | null;
  /** New leads per week in the window, all of them; null on the backlog basis. */
  arrivalsPerWeek: number | null;
  /** New leads per week in the window that are open and qualifying; null on the backlog basis. */
  qualifyingPerWeek: number | null;
  /** The MQL threshold on the blended score (0–100): leads at or above it are MQLs. */
  threshold: number;
  /** Qualifying leads of this run at or above the threshold (the MQLs), and Σ of their probabilities. */
  leadsAbove: number;
  expectedConversions: number;
  /** On the arrivals basis: MQLs and expected conversions per week at this threshold. */
  perWeek: { mqls: number; expectedConversions: number } | null;
  /** True when the qualifying volume cannot fill the capacity. */
  shortfall: boolean;
  warning: string | null;
}

const WEEK_MS = 7 * 86_400_000;

export function planCapacity(input: CapacityInput): CapacityPlan {
  const { capacityPerWeek: capacity, windowWeeks: weeks, asOfMs, blendedScore, eligible } = input;
  if (asOfMs === null || input.arrivals === null) return backlogPlan(input);

  const from = asOfMs - weeks * WEEK_MS;
  const recent: number[] = [];
  for (let i = 0; i < blendedScore.length; i++) {
    const created = input.createdAt[i];
    if (eligible[i] === 1 && created > from && created <= asOfMs) recent.push(i);
  }
  const slots = capacity * weeks;
  const arrivalsPerWeek = input.arrivals / weeks;
  const qualifyingPerWeek = recent.length / weeks;
  const shortfall = recent.length <= slots;
  const threshold = shortfall ? 0 : kthLargest(recent.map((i) => blendedScore[i]), slots);
  const above = sumAbove(input, threshold, recent);
  return {
    capacityPerWeek: capacity,
    basis: 'arrivals',
    window: { weeks, from: new Date(from).toISOString(), to: new Date(asOfMs).toISOString() },
    arrivalsPerWeek,
    qualifyingPerWeek,
    threshold,
    leadsAbove: above.all.count,
    expectedConversions: above.all.probability,
    perWeek: { mqls: above.subset.count / weeks, expectedConversions: above.subset.probability / weeks },
    shortfall,
    warning: shortfall
      ? `marketing's volume cannot fill sales' capacity of ${capacity} leads a week: ${round(qualifyingPerWeek)} qualifying new leads a week ` +
        `(${round(arrivalsPerWeek)} new leads a week in all) over the ${weeks} weeks to ${new Date(asOfMs).toISOString().slice(0, 10)}; ` +
        'every qualifying lead is an MQL (threshold 0)'
      : null,
  };
}

function backlogPlan(input: CapacityInput): CapacityPlan {
  const { capacityPerWeek: capacity, blendedScore, eligible } = input;
  const candidates: number[] = [];
  for (let i = 0; i < blendedScore.length; i++) if (eligible[i] === 1) candidates.push(i);
  const shortfall = candidates.length <= capacity;
  const threshold = shortfall ? 0 : kthLargest(candidates.map((i) => blendedScore[i]), capacity);
  const above = sumAbove(input, threshold, candidates);
  return {
    capacityPerWeek: capacity,
    basis: 'backlog',
    window: null,
    arrivalsPerWeek: null,
    qualifyingPerWeek: null,
    threshold,
    leadsAbove: above.all.count,
    expectedConversions: above.all.probability,
    perWeek: null,
    shortfall,
    warning: shortfall
      ? `the data has no creation dates, so the threshold was set on this run's leads: only ${candidates.length} qualifying leads ` +
        `for sales' capacity of ${capacity}; every qualifying lead is an MQL (threshold 0)`
      : null,
  };
}

/** Count and Σ probability of eligible leads at or above `threshold`: all of them, and those among `subset`. */
function sumAbove(input: CapacityInput, threshold: number, subset: number[]) {
  const all = { count: 0, probability: 0 };
  for (let i = 0; i < input.blendedScore.length; i++) {
    if (input.eligible[i] === 1 && input.blendedScore[i] >= threshold) {
      all.count++;
      all.probability += input.probability[i];
    }
  }
  const part = { count: 0, probability: 0 };
  for (const i of subset) {
    if (input.blendedScore[i] >= threshold) {
      part.count++;
      part.probability += input.probability[i];
    }
  }
  return { all, subset: part };
}

/** The k-th largest value (1-based); ties at the threshold all pass it. */
function kthLargest(values: number[], k: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length - k];
}

function round(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}
