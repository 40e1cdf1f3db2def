/**
 * A validated rule set: what `parseRules` returns and every later stage trusts. The YAML shape
 * (ruleFileSchema.ts) is normalised into these types so the scorer never re-checks anything.
 */

/** How a fit option or a disqualifier tests one attribute value. */
export type Matcher =
  | { kind: 'equals'; value: string | number }
  | { kind: 'in'; values: Array<string | number> }
  /** min inclusive, max exclusive; null = open on that side. */
  | { kind: 'range'; min: number | null; max: number | null }
  /** Case-insensitive regular expression. */
  | { kind: 'pattern'; pattern: string }
  | { kind: 'missing' };

export type MatcherKind = Matcher['kind'];

/** What every rule carries so that a message or an explanation can name it. */
export interface RuleRef {
  id: string;
  name: string;
  /** `rules.fit[3] "Company size"`: where the rule is, for error messages. */
  label: string;
}

/** One answer of a fit question; the first matching option of a rule gives its points. */
export interface FitOption {
  matcher: Matcher;
  points: number;
}

export interface FitRule extends RuleRef {
  attribute: string;
  group: string | null;
  options: FitOption[];
}

/** A lead matching a disqualifier never becomes an MQL, whatever its score. */
export interface Disqualifier extends RuleRef {
  attribute: string;
  matcher: Matcher;
}

/** Occurrence counts from `min` to `max`, both inclusive; max null = no upper bound. */
export interface FrequencyBand {
  min: number;
  max: number | null;
  points: number;
}

export type EngagementScoring =
  | { kind: 'per_occurrence'; points: number }
  | { kind: 'frequency'; bands: FrequencyBand[] };

export type Decay =
  | { kind: 'none' }
  /** Each occurrence's points × 0.5^(age_days / days). */
  | { kind: 'half_life'; days: number }
  /** The rule's points minus pointsPerWeek per full week since the lead's last event, not past 0. */
  | { kind: 'weekly_loss'; pointsPerWeek: number };

export interface EngagementRule extends RuleRef {
  eventTypes: string[];
  /** Only events whose value lies in [min, max); null = every event of the types. */
  value: { min: number | null; max: number | null } | null;
  scoring: EngagementScoring;
  /** At most this many points (in absolute value) from the rule; null = no cap. */
  cap: number | null;
  /** Only events in the last windowDays before the scoring time; null = all of them. */
  windowDays: number | null;
  decay: Decay;
  group: string | null;
}

export type RulePart = 'fit' | 'engagement';

export interface RuleGroup {
  name: string;
  /** The group's rules together give at most this many points. */
  limit: number;
  part: RulePart;
}

export interface Grade {
  letter: string;
  /** Lowest fit score (0–100) with this grade. */
  min: number;
}

export type TemperatureRule =
  | { by: 'score'; hot: number; warm: number }
  | { by: 'matrix'; hot: string[]; warm: string[] };

export interface MqlRule {
  minScore: number;
  /** A grade letter: this grade or a better one qualifies; null = any. */
  fitGradeAtLeast: string | null;
  /** A band number: this band or a more engaged one (a lower number) qualifies; null = any. */
  engagementBandAtLeast: number | null;
}

export interface QuadrantRule {
  /** A 1–10 rating of at least this is "high". */
  highFrom: number;
  /** Quadrant names in QUADRANTS order. */
  names: [string, string, string, string];
}

export const QUADRANTS = ['high_pain_high_fit', 'high_pain_low_fit', 'low_pain_high_fit', 'low_pain_low_fit'] as const;

export interface RuleLimits {
  /** The total's cap and the denominator of the 0–100 score. */
  total: number;
  /** Cap of the fit points and denominator of the fit score. */
  fit: number;
  /** Cap of the engagement points and denominator of the engagement score. */
  engagement: number;
}

export interface RuleSet {
  name: string;
  description: string;
  /** Where the rules came from (a file, a config key), for messages. */
  where: string;
  limits: RuleLimits;
  groups: RuleGroup[];
  fit: FitRule[];
  disqualifiers: Disqualifier[];
  engagement: EngagementRule[];
  /** Best first; the last has min 0. */
  grades: Grade[];
  /** Lowest engagement score of band 1, 2, ...; descending, the last is 0. */
  bands: number[];
  temperature: TemperatureRule;
  mql: MqlRule;
  quadrants: QuadrantRule | null;
}

export const LEAD_STATUSES = ['new', 'MQL', 'sales_accepted', 'recycled'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const TEMPERATURES = ['hot', 'warm', 'cold'] as const;
export type Temperature = (typeof TEMPERATURES)[number];

/** The matrix cells of a rule set, grade-major: A1, A2, A3, B1, ... */
export function matrixCells(ruleSet: Pick<RuleSet, 'grades' | 'bands'>): string[] {
  return ruleSet.grades.flatMap((grade) => ruleSet.bands.map((_, b) => `${grade.letter}${b + 1}`));
}

/** The most points one answer or one occurrence (or the best band) of a rule can give. */
export function singlePoints(rule: FitRule | EngagementRule): number {
  if ('options' in rule) return Math.max(0, ...rule.options.map((option) => option.points));
  if (rule.scoring.kind === 'per_occurrence') return Math.max(0, rule.scoring.points);
  return Math.max(0, ...rule.scoring.bands.map((band) => band.points));
}
