/**
 * Which leads a scoring run writes a row for: every open lead, and — with `score --recycled` or
 * `scoring.include_lost: true` — every lost one, whose status becomes `recycled`: lost leads keep
 * being nurtured, so marketing keeps seeing their scores (a recycled lead heating up again is
 * worth a look). Won leads are done. Lost leads are left out by default: in a CRM's history they
 * outnumber the open ones many times over, and a nightly run should not multiply its rows (and
 * every dashboard summing probabilities) without being asked.
 *
 * A wide source (a 0/1 label column, no outcomes table) has no lifecycle: its 0s are "did not
 * convert", not "lost by sales", so only its unlabelled leads are scored.
 */
import type { ResolvedConfig } from '../../data/config.ts';

/** Whether lost leads are scored (as recycled) under this config. */
export function scoresLostLeads(config: ResolvedConfig, override?: boolean): boolean {
  return !config.wide && (override ?? config.scoring.include_lost);
}

/** SQL predicate over `lead_labels` selecting the leads to score. */
export function scoringLeadsWhere(includeLost: boolean): string {
  return includeLost ? `(lead_labels.is_open or lead_labels.status = 'lost')` : 'lead_labels.is_open';
}

/** SQL selecting the lead_features rows to score, in lead_id order (the rule stage's order too). */
export function scoringFeatureRowsSql(includeLost: boolean): string {
  return `select lead_features.* from lead_features
    where lead_features.lead_id in (select lead_labels.lead_id from lead_labels where ${scoringLeadsWhere(includeLost)})
    order by lead_features.lead_id`;
}
