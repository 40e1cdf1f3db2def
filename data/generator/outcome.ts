/**
 * A lead's eventual outcome: won with the truth's probability, closing some days after created_at.
 * Whether it is still `open` depends on the as-of date, so that is decided by the caller.
 */
import type { Lead } from './lead.ts';
import type { Rng } from './prng.ts';
import { SECONDS_PER_DAY } from './timestamps.ts';

export interface Outcome {
  won: boolean;
  /** Whole seconds from created_at to the close. */
  closeAfter: number;
  /** Deal amount when won. */
  amount: number | null;
}

const WON_DAYS = { median: 24, sigma: 0.6, min: 5, max: 120 };
const LOST_DAYS = { median: 40, sigma: 0.75, min: 3, max: 180 };
/** A 100-employee account buys about this much; amounts grow with size^AMOUNT_SIZE_POWER. */
const AMOUNT_AT_100 = 12_000;
const AMOUNT_SIZE_POWER = 0.45;

/**
 * `lastEarlyEvent` (seconds after created_at, or -1) pushes the close past the early events, so
 * a feature snapshot clamped to the close still sees every event the truth counted.
 */
export function sampleOutcome(rng: Rng, lead: Lead, probability: number, lastEarlyEvent: number): Outcome {
  const won = rng.bernoulli(probability);
  const spec = won ? WON_DAYS : LOST_DAYS;
  // Redrawn rather than clipped, so no point mass piles up at the limits.
  let days: number;
  do days = rng.lognormal(Math.log(spec.median), spec.sigma);
  while (days < spec.min || days > spec.max);
  const afterLastEvent = lastEarlyEvent + 3600 + rng.int(23 * 3600);
  const closeAfter = Math.max(Math.floor(days * SECONDS_PER_DAY), afterLastEvent);
  const amount = won
    ? Math.round((AMOUNT_AT_100 * Math.pow(lead.companySize / 100, AMOUNT_SIZE_POWER) * rng.lognormal(0, 0.45)) / 10) * 10
    : null;
  return { won, closeAfter, amount };
}
