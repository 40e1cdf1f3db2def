import { describe, expect, it } from 'vitest';
import { describeEngagementValue, engagementPhrasing } from '../../../features/engagement/describe.ts';

describe('engagement phrasing', () => {
  it('speaks a marketer’s words', () => {
    expect(describeEngagementValue('pricing_page_view_count_7d', 3)).toBe('3 pricing_page_view in 7 days');
    expect(describeEngagementValue('events_count', 12)).toBe('12 events in all');
    expect(describeEngagementValue('recency_days', 2.25)).toBe('last active 2.3 days before scoring');
    expect(describeEngagementValue('recency_days', NaN)).toBe('no activity yet');
    expect(describeEngagementValue('decayed_engagement', 0.04)).toBe('recent engagement 0.0');
    expect(describeEngagementValue('active_days_count', 4)).toBe('active on 4 days');
    expect(describeEngagementValue('company_size', 4)).toBeUndefined();
  });

  it('gives one phrase key only to values phrased alike, near rounding ties too', () => {
    const values: number[] = [NaN, Infinity, -Infinity, -0, -0.04, -1, 1e9, 2 ** 31];
    for (let k = 0; k < 2000; k++) {
      const tie = k / 20; // x.x5: a decimal tie that binary cannot hold exactly
      values.push(tie, tie + 1e-12, tie - 1e-12, tie * (1 + 2 ** -52), tie * (1 - 2 ** -52), k / 10, k);
    }
    let seed = 7;
    for (let k = 0; k < 20_000; k++) {
      seed = (seed * 16807) % 2147483647;
      values.push((seed / 2147483647) * 200);
    }
    for (const feature of ['recency_days', 'decayed_engagement', 'page_view_count_30d', 'events_count', 'active_days_count']) {
      const phrasing = engagementPhrasing(feature)!;
      const byKey = new Map<number, string>();
      let keyed = 0;
      for (const value of values) {
        const key = phrasing.key(value);
        if (key < 0) continue;
        expect(Number.isInteger(key)).toBe(true);
        keyed++;
        const phrase = phrasing.phrase(value);
        const seen = byKey.get(key);
        if (seen === undefined) byKey.set(key, phrase);
        else expect([key, value, phrase]).toEqual([key, value, seen]);
      }
      expect(keyed).toBeGreaterThan(2000);
    }
  });
});
