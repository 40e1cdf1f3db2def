/** How ranges, matchers and points read in messages and explanations. */
import type { FrequencyBand, Matcher } from './ruleSet.ts';

/** Points as a person reads them: at most two decimals, no trailing zeros. */
export function formatPoints(points: number): string {
  return String(Number(points.toFixed(2)));
}

/** `50–200` (min inclusive, max exclusive), `≥100`, `<100`. */
export function formatRange(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `${min}–${max}`;
  if (min !== null) return `≥${min}`;
  if (max !== null) return `<${max}`;
  return 'any value';
}

/** `1–2`, `3+`, `5` (both ends inclusive: these are counts). */
export function formatBand(band: FrequencyBand): string {
  if (band.max === null) return `${band.min}+`;
  return band.min === band.max ? String(band.min) : `${band.min}–${band.max}`;
}

export function describeMatcher(matcher: Matcher): string {
  switch (matcher.kind) {
    case 'equals':
      return `equals ${JSON.stringify(matcher.value)}`;
    case 'in':
      return `one of ${matcher.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'range':
      return `in ${formatRange(matcher.min, matcher.max)}`;
    case 'pattern':
      return `matches /${matcher.pattern}/i`;
    case 'missing':
      return 'is missing';
  }
}
