/**
 * What a leakage check reports: a feature (or event type) that may carry the outcome, with the
 * evidence in words a person can check against the data.
 */

export type LeakageKind = 'single_feature_auc' | 'pure_category' | 'event_after_outcome';

/**
 * `high`: the model would look excellent on it and fail in production, exclude it unless you
 * know why it is honest; `warning`: look at it; `info`: present in the data but already kept out
 * of the features.
 */
export type LeakageSeverity = 'high' | 'warning' | 'info';

export interface LeakageFinding {
  kind: LeakageKind;
  /** The frame column, or `events` for an event-source check. */
  feature: string;
  /** The category (null = missing) or event type the finding is about. */
  value?: string | null;
  /** One line, e.g. `Tags = "Closed by Horizzon": 301 leads, 99.7% converted`. */
  evidence: string;
  /** The numbers behind the evidence; keys depend on the kind (see each check). */
  metrics: Record<string, number>;
  severity: LeakageSeverity;
}

const severityOrder: Record<LeakageSeverity, number> = { high: 0, warning: 1, info: 2 };

/** Most severe first; within a severity, in the order the checks produced them. */
export function sortFindings(findings: LeakageFinding[]): LeakageFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => severityOrder[a.finding.severity] - severityOrder[b.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
}
