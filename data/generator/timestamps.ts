/**
 * Time for the generator is whole seconds since the Unix epoch, in UTC: integer arithmetic is
 * exact and fast, and the output never depends on the machine's time zone.
 */

export const SECONDS_PER_DAY = 86_400;

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC) to epoch seconds; null if it is not a real
 * date. A bare date means the end of that day (23:59:59), so "as of 2026-06-30" includes the 30th.
 */
export function parseAsOf(text: string): number | null {
  const m = isoPattern.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = m[4] === undefined ? [23, 59, 59] : [Number(m[4]), Number(m[5]), Number(m[6])];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Date.UTC rolls over (Feb 30 → Mar 2); a real date survives the round trip.
  const real =
    d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day &&
    d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
  return real ? ms / 1000 : null;
}

/** Epoch seconds of the first instant of the month `monthsBack` months before the month of `seconds`. */
export function startOfMonth(seconds: number, monthsBack = 0): number {
  const d = new Date(seconds * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1) / 1000;
}

/** Months since year 0 (year × 12 + month index): a dense key for monthly aggregates. */
export function monthIndex(seconds: number): number {
  const d = new Date(seconds * 1000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** `YYYY-MM` of a monthIndex. */
export function formatMonth(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

let clock: string[] | undefined;
const dayCache = new Map<number, string>();

/**
 * `YYYY-MM-DD HH:MM:SS` of epoch seconds. Cached per day and per second of the day: it runs for
 * every event, and Date#toISOString dominated the profile of a 1M-lead run.
 */
export function formatTimestamp(seconds: number): string {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  let date = dayCache.get(day);
  if (date === undefined) {
    date = new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
    dayCache.set(day, date);
  }
  if (clock === undefined) {
    clock = new Array<string>(SECONDS_PER_DAY);
    const two = (n: number) => (n < 10 ? '0' : '') + n;
    for (let s = 0; s < SECONDS_PER_DAY; s++) clock[s] = `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  }
  return date + ' ' + clock[seconds - day * SECONDS_PER_DAY];
}
