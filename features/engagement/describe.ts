/** Engagement feature values in a marketer's words: "3 pricing_page_view in 7 days". */

const windowCount = /^(.+)_count_(\d+)d$/;

/** How one feature's values are phrased. */
export interface ValuePhrasing {
  phrase(value: number): string;
  /**
   * A whole number ≥ 0 that only values phrased alike share, so phrases can be remembered by it
   * (scoring phrases a million values, mostly repeats); -1 for a value without one.
   */
  key(value: number): number;
}

/**
 * The phrasing of an engagement feature's values, or undefined for a feature that is not an
 * engagement feature. Parsed once per feature, so phrasing many values skips the name match.
 */
export function engagementPhrasing(feature: string): ValuePhrasing | undefined {
  const match = windowCount.exec(feature);
  if (match) {
    const [, type, days] = match;
    return { phrase: (value) => `${value} ${type} in ${days} days`, key: wholeNumberKey };
  }
  switch (feature) {
    case 'events_count':
      return { phrase: (value) => `${value} events in all`, key: wholeNumberKey };
    case 'recency_days':
      return { phrase: (value) => (Number.isNaN(value) ? 'no activity yet' : `last active ${value.toFixed(1)} days before scoring`), key: tenthsKey };
    case 'decayed_engagement':
      return { phrase: (value) => `recent engagement ${value.toFixed(1)}`, key: tenthsKey };
    case 'active_days_count':
      return { phrase: (value) => `active on ${value} days`, key: wholeNumberKey };
    default:
      return undefined;
  }
}

export function describeEngagementValue(feature: string, value: number): string | undefined {
  return engagementPhrasing(feature)?.phrase(value);
}

/** The value itself when it is a whole number from 0 to 2³⁰ (its own phrase, whatever the phrasing). */
export function wholeNumberKey(value: number): number {
  return value >= 0 && value < 2 ** 30 && (value | 0) === value ? value | 0 : -1;
}

/**
 * toFixed(1)'s digits as a number, round(10·value), for a value in [0, 1e8) not within 1e-6 of a
 * tie: the rounding error of 10·value (below 1e9 · 2⁻⁵³) then cannot move it across one, so
 * Math.round picks the integer toFixed picks, and that integer alone spells the phrase.
 */
function tenthsKey(value: number): number {
  if (!(value >= 0 && value < 1e8)) return -1;
  const tenths = value * 10;
  const rounded = Math.round(tenths);
  return Math.abs(Math.abs(tenths - rounded) - 0.5) > 1e-6 ? rounded | 0 : -1;
}

/**
 * Features that say the same thing in different windows ("pricing_page_view in 7 days" and
 * "in 30 days") belong to one family, so an explanation names the behaviour once.
 */
export function featureFamily(feature: string): string {
  const match = windowCount.exec(feature);
  return match ? `events:${match[1]}` : feature;
}
