/**
 * A prediction's top reasons in the user's terms. A model explains itself per encoded column;
 * one feature may span several columns (one-hot categories, a missing indicator), so the
 * contributions are summed per source feature and phrased with the lead's own value.
 */
import type { Contribution } from '../estimator.ts';
import type { EncodedSource } from '../../features/encoding/columnEncoder.ts';
import type { FeatureFrame } from '../../features/frame/featureFrame.ts';
import { findFrameColumn } from '../../features/frame/featureFrame.ts';
import { engagementPhrasing, featureFamily, wholeNumberKey } from '../../features/engagement/describe.ts';

export interface Reason {
  feature: string;
  /** "job_title = VP", "3 pricing_page_view in 7 days" */
  text: string;
  /** Contribution to the log-odds against the training mean. */
  logOdds: number;
}

/** The value of `feature` for `row`, phrased for a person. */
export function describeValue(frame: FeatureFrame, feature: string, row: number): string {
  return valuePhraser(frame, feature).phrase(row);
}

/** describeValue for every row of one feature, with the column and its phrasing found once. */
export interface ValuePhraser {
  phrase(row: number): string;
  /** A whole number ≥ 0 that only rows phrased alike share (a category code, a count…), or -1. */
  key(row: number): number;
}

export function valuePhraser(frame: FeatureFrame, feature: string): ValuePhraser {
  const column = findFrameColumn(frame, feature);
  if (!column) return { phrase: () => feature, key: () => 0 };
  if (column.kind === 'categorical') {
    const { codes, dictionary } = column;
    return {
      phrase: (row) => (codes[row] < 0 ? `${feature} is missing` : `${feature} = ${dictionary[codes[row]]}`),
      key: (row) => codes[row] + 1,
    };
  }
  const { values } = column;
  const engagement = engagementPhrasing(feature);
  if (engagement) return { phrase: (row) => engagement.phrase(values[row]), key: (row) => engagement.key(values[row]) };
  return {
    phrase: (row) => (Number.isNaN(values[row]) ? `${feature} is missing` : `${feature} = ${Number(values[row].toPrecision(6))}`),
    key: (row) => wholeNumberKey(values[row]),
  };
}

/**
 * The `top` features pushing this lead's score up the most (positive contributions only: a
 * marketer asks why a lead is hot, not why it is not colder). Features of one family (the same
 * event type counted over several windows) are summed and named once, by their strongest member.
 */
export function topReasons(
  contributions: readonly Contribution[],
  sources: ReadonlyMap<string, EncodedSource>,
  frame: FeatureFrame,
  row: number,
  top: number,
): Reason[] {
  const byFeature = new Map<string, number>();
  for (const c of contributions) {
    const feature = sources.get(c.column)?.feature ?? c.column;
    byFeature.set(feature, (byFeature.get(feature) ?? 0) + c.logOdds);
  }
  const families = new Map<string, { feature: string; strongest: number; logOdds: number }>();
  for (const [feature, logOdds] of byFeature) {
    const family = featureFamily(feature);
    const seen = families.get(family);
    if (!seen) families.set(family, { feature, strongest: logOdds, logOdds });
    else {
      seen.logOdds += logOdds;
      if (logOdds > seen.strongest) Object.assign(seen, { feature, strongest: logOdds });
    }
  }
  return [...families.values()]
    .filter((f) => f.logOdds > 0)
    .sort((a, b) => b.logOdds - a.logOdds || (a.feature < b.feature ? -1 : 1))
    .slice(0, top)
    .map((f) => ({ feature: f.feature, text: describeValue(frame, f.feature, row), logOdds: f.logOdds }));
}
