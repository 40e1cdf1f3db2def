/** Engagement feature values in a marketer's words: "3 pricing_page_view in 7 days". */

const windowCount = /^(.+)_count_(\d+)d$/;

export function describeEngagementValue(feature: string, value: number): string | undefined {
  const match = windowCount.exec(feature);
  if (match) return `${value} ${match[1]} in ${match[2]} days`;
  switch (feature) {
    case 'events_count':
      return `${value} events in all`;
    case 'recency_days':
      return Number.isNaN(value) ? 'no activity yet' : `last active ${value.toFixed(1)} days before scoring`;
    case 'decayed_engagement':
      return `recent engagement ${value.toFixed(1)}`;
    case 'active_days_count':
      return `active on ${value} days`;
    default:
      return undefined;
  }
}

/**
 * Features that say the same thing in different windows ("pricing_page_view in 7 days" and
 * "in 30 days") belong to one family, so an explanation names the behaviour once.
 */
export function featureFamily(feature: string): string {
  const match = windowCount.exec(feature);
  return match ? `events:${match[1]}` : feature;
}
