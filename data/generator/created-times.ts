/**
 * When leads arrive: a growing volume (+50% over the span), fewer on weekends, dips in August and
 * December, and mostly in business hours (UTC, as a US + Europe mix sees them).
 */
import { weightedPicker, type Rng } from './prng.ts';
import { SECONDS_PER_DAY } from './timestamps.ts';

const HOUR_WEIGHTS = [
  1, 0.8, 0.6, 0.5, 0.5, 0.6, 0.9, 1.4, 2.2, 3, 3.4, 3.6, 3.6, 3.8, 4.2, 4.4, 4.3, 4, 3.6, 3.1, 2.6, 2, 1.6, 1.2,
];
const WEEKEND_FACTOR = 0.35;
const MONTH_FACTOR = [0.95, 1, 1.05, 1.05, 1.05, 1, 0.95, 0.8, 1.05, 1.1, 1.05, 0.75];
const GROWTH = 0.5;

/** `count` sorted epoch-second timestamps in [start, end]. */
export function sampleCreatedTimes(rng: Rng, count: number, start: number, end: number): Float64Array {
  const firstDay = Math.floor(start / SECONDS_PER_DAY);
  const days = Math.floor(end / SECONDS_PER_DAY) - firstDay + 1;
  const dayWeights = new Array<number>(days);
  for (let i = 0; i < days; i++) {
    const date = new Date((firstDay + i) * SECONDS_PER_DAY * 1000);
    const weekday = date.getUTCDay();
    dayWeights[i] =
      (1 + (GROWTH * i) / Math.max(1, days - 1)) *
      (weekday === 0 || weekday === 6 ? WEEKEND_FACTOR : 1) *
      MONTH_FACTOR[date.getUTCMonth()];
  }
  const pickDay = weightedPicker(dayWeights);
  const pickHour = weightedPicker(HOUR_WEIGHTS);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let t: number;
    // Only the first and last day can fall partly outside [start, end]; redraw those rare misses.
    do {
      t = (firstDay + pickDay(rng)) * SECONDS_PER_DAY + pickHour(rng) * 3600 + rng.int(3600);
    } while (t < start || t > end);
    times[i] = t;
  }
  return times.sort();
}
