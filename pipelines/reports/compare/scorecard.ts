/**
 * A logistic model turned into points a marketer can paste into a rule file, the way credit
 * scorecards are built: points are scaled log-odds, `pdo` points double the odds
 * (factor = pdo / ln 2), one rule per feature and one option per value or band.
 *
 * How each feature becomes a rule. g_f(x) is the feature's contribution to the model's log-odds
 * (Σ coefficient × encoded column over the feature's columns, computed by the model's own
 * encoder, so logs, standardisation and missing indicators are exactly the model's):
 *  - categorical attribute (channel, campaign, lead attributes): an `equals` option per category
 *    the encoder kept (spellings differing only in case merged, as rules compare them
 *    case-insensitively), a catch-all `pattern: '.'` for every other value, and `missing: true`.
 *    Every lead matches exactly one option, so the options are shifted to make the lowest 0:
 *    a per-rule constant, which changes no ranking and keeps every point ≥ 0;
 *  - numeric attribute: ranges at quantiles of the reference leads' values (rounded to two
 *    significant digits); a band's points come from the mean g over the reference leads in it
 *    (the model is smooth in the value, the rule a step function: the mean is the least-squares
 *    step). Shifted like a categorical;
 *  - event count in a window (`form_submit_count_30d`; `events_count` over every event type):
 *    an engagement rule with that window and frequency bands of the counts. A lead with no such
 *    event gets no points from it, so bands are relative to a count of 0 and may be negative
 *    (more of it, given the rest, lowers the odds);
 *  - everything else (calendar parts, recency, decayed engagement, active days) has no rule
 *    form: listed with how many points of spread the model gives it, so nobody mistakes the
 *    points for the whole model.
 * Points are rounded to whole numbers; for a lead, Σ points ≈ factor × (log-odds − base).
 */
import { InputError } from '../../../core/errors.ts';
import type { FrameEncoder } from '../../../features/encoding/frameEncoder.ts';
import { NumericEncoder } from '../../../features/encoding/numericEncoder.ts';
import type { OneHotEncoder } from '../../../features/encoding/oneHotEncoder.ts';
import { findFrameColumn, type FeatureFrame, type NumericFrameColumn } from '../../../features/frame/featureFrame.ts';

export interface LinearModel {
  /** Encoded column names, the encoder's featureNames. */
  columns: readonly string[];
  coef: ArrayLike<number>;
  intercept: number;
}

export interface ScorecardOptions {
  /** Points to double the odds. */
  pdo?: number;
  /** Bands of a numeric attribute (fewer when its values repeat). */
  numericBands?: number;
  /** Bands of an event count above 0. */
  countBands?: number;
  /** Features a rule file can test as attributes: channel, campaign and the lead attributes. */
  attributes: readonly string[];
  /** Every event type of the data: `events_count` becomes a rule over all of them. */
  eventTypes: readonly string[];
}

export type ScorecardCondition =
  /** Case-insensitive; `values` are spellings merged into one answer (the first is written). */
  | { kind: 'equals'; values: string[] }
  /** Any value not listed before it (`pattern: '.'`). */
  | { kind: 'other' }
  | { kind: 'missing' }
  | { kind: 'range'; min: number | null; max: number | null }
  /** Occurrences, both ends inclusive; max null = no upper bound. */
  | { kind: 'count'; min: number; max: number | null };

export interface ScorecardLine {
  condition: ScorecardCondition;
  /** Mean contribution to the log-odds over the reference leads in it, relative to the rule's zero. */
  logOdds: number;
  /** factor × logOdds, rounded. */
  points: number;
  /** Reference leads meeting the condition. */
  support: number;
}

export interface ScorecardRule {
  id: string;
  feature: string;
  part: 'fit' | 'engagement';
  /** Engagement rules: the event types counted and the window (null = every event before scoring). */
  eventTypes: string[];
  windowDays: number | null;
  lines: ScorecardLine[];
  /** Highest minus lowest points: how far this rule can move a lead. */
  spread: number;
}

export interface LeftOutFeature {
  feature: string;
  reason: string;
  /** Points the model spreads over the reference leads for it (max − min, unrounded). */
  spread: number;
}

export interface Scorecard {
  pdo: number;
  /** pdo / ln 2. */
  factor: number;
  rules: ScorecardRule[];
  leftOut: LeftOutFeature[];
  /** Log-odds of a lead with 0 points (left-out features at their reference mean). */
  base: number;
  /** Σ over rules of their highest points (≥ 0): a lead's points can reach this. */
  maxPoints: number;
}

const windowCount = /^(.+)_count_(\d+)d$/;

export function buildScorecard(encoder: FrameEncoder, model: LinearModel, reference: FeatureFrame, options: ScorecardOptions): Scorecard {
  const names = encoder.featureNames;
  if (names.length !== model.columns.length || names.some((name, j) => model.columns[j] !== name)) {
    throw new InputError('the model’s columns are not its encoder’s: the artifact is inconsistent', { hint: 'retrain the model' });
  }
  const pdo = options.pdo ?? 20;
  if (!(pdo > 0)) throw new InputError(`points to double the odds must be positive, got ${pdo}`, { received: pdo });
  const factor = pdo / Math.LN2;
  const attributes = new Set(options.attributes);
  const rules: ScorecardRule[] = [];
  const leftOut: LeftOutFeature[] = [];
  const ids = new Set<string>();
  let base = model.intercept;
  let offset = 0;
  for (const featureEncoder of encoder.featureEncoders) {
    const width = featureEncoder.featureNames.length;
    const beta = Array.from({ length: width }, (_, k) => model.coef[offset + k]);
    offset += width;
    const feature = featureEncoder.feature;
    const column = findFrameColumn(reference, feature);
    if (!column) throw new InputError(`the reference leads have no column "${feature}", which the model uses`, { where: feature });
    let built: { rule: ScorecardRule; zero: number } | { leftOut: string } | null = null;
    const count = windowCount.exec(feature);
    if (featureEncoder.kind === 'categorical' && attributes.has(feature) && column.kind === 'categorical') {
      built = categoricalRule(featureEncoder, beta, column.codes, column.dictionary, factor);
    } else if (featureEncoder instanceof NumericEncoder && column.kind === 'numeric' && attributes.has(feature)) {
      built = numericRule(featureEncoder, beta, column, factor, options.numericBands ?? 5);
    } else if (featureEncoder instanceof NumericEncoder && column.kind === 'numeric' && (count || feature === 'events_count')) {
      const eventTypes = count ? [count[1]] : [...options.eventTypes];
      const windowDays = count ? Number(count[2]) : null;
      built = countRule(featureEncoder, beta, column, factor, options.countBands ?? 4, eventTypes, windowDays);
    }
    if (built && 'rule' in built) {
      built.rule.id = uniqueId(feature, ids);
      rules.push(built.rule);
      base += built.zero;
      continue;
    }
    // No rule form: the feature stays at its reference mean in `base`.
    const g = contributions(featureEncoder, beta, reference);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of g) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    base += reference.rows ? sum / reference.rows : 0;
    const reason = built?.leftOut ?? (attributes.has(feature) ? 'its kind does not fit a rule' : leftOutReason(feature));
    leftOut.push({ feature, reason, spread: reference.rows ? factor * (max - min) : 0 });
  }
  const maxPoints = rules.reduce((sum, rule) => sum + Math.max(0, ...rule.lines.map((line) => line.points)), 0);
  return { pdo, factor, rules, leftOut, base, maxPoints };
}

function leftOutReason(feature: string): string {
  if (/^created_(month|weekday|hour)$/.test(feature)) return 'a calendar part of the creation date: rules cannot test it';
  if (feature === 'recency_days') return 'days since the last event: rules cannot test recency on its own';
  if (feature === 'decayed_engagement') return 'decayed engagement over all events: no single rule counts it';
  if (feature === 'active_days_count') return 'days with any activity: rules count events, not days';
  return 'not an attribute or an event count the rule file can test';
}

/** `Lead Origin` → `Lead_Origin`; repeats get `_2`, `_3`. */
function uniqueId(feature: string, used: Set<string>): string {
  const stem = feature.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '') || 'feature';
  let id = stem;
  for (let n = 2; used.has(id); n++) id = `${stem}_${n}`;
  used.add(id);
  return id;
}

/** g(x) for every reference lead, by the model's own encoder. */
function contributions(encoder: FrameEncoder['featureEncoders'][number], beta: number[], frame: FeatureFrame): Float64Array {
  const X = encoder.transform(frame);
  const g = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let sum = 0;
    for (let k = 0; k < X.cols; k++) sum += beta[k] * X.data[i * X.cols + k];
    g[i] = sum;
  }
  return g;
}

/** g of single values of a numeric feature. */
function numericValue(encoder: NumericEncoder, beta: number[], values: number[]): number[] {
  const frame: FeatureFrame = {
    rows: values.length,
    leadIds: values.map((_, i) => String(i)),
    createdAt: new Float64Array(values.length).fill(NaN),
    snapshotAt: new Float64Array(values.length).fill(NaN),
    label: new Int8Array(values.length),
    columns: [{ kind: 'numeric', name: encoder.feature, values: Float64Array.from(values) }],
  };
  return Array.from(contributions(encoder, beta, frame));
}

function finishRule(
  feature: string,
  part: ScorecardRule['part'],
  raw: Array<{ condition: ScorecardCondition; g: number; support: number }>,
  zero: number,
  factor: number,
  events: { eventTypes: string[]; windowDays: number | null } = { eventTypes: [], windowDays: null },
): { rule: ScorecardRule; zero: number } {
  const lines = raw.map(({ condition, g, support }) => {
    const logOdds = g - zero;
    // `+ 0` turns −0 into 0, which YAML would otherwise print as -0.
    return { condition, logOdds, points: Math.round(factor * logOdds) + 0, support };
  });
  const points = lines.map((line) => line.points);
  const spread = lines.length ? Math.max(0, ...points) - Math.min(0, ...points) : 0;
  return { rule: { id: '', feature, part, ...events, lines, spread }, zero };
}

function categoricalRule(
  encoder: OneHotEncoder,
  beta: number[],
  codes: Int32Array,
  dictionary: string[],
  factor: number,
): { rule: ScorecardRule; zero: number } {
  const state = encoder.toJSON();
  const sources = encoder.sources;
  const betaOf = (role: 'other' | 'missing') => {
    const k = sources.findIndex((s) => s.role === role);
    return k < 0 ? undefined : beta[k];
  };
  const other = betaOf('other') ?? 0;
  // Without a missing column the encoder sends a missing value to (other).
  const missing = betaOf('missing') ?? other;
  // Spellings equal but for case are one answer to a rule: their coefficients averaged by training rows.
  const answers = new Map<string, { values: string[]; weighted: number; rows: number }>();
  state.categories.forEach((value, k) => {
    const key = value.toLowerCase();
    const answer = answers.get(key) ?? { values: [], weighted: 0, rows: 0 };
    answer.values.push(value);
    answer.weighted += beta[k] * Math.max(1, state.counts[k]);
    answer.rows += Math.max(1, state.counts[k]);
    answers.set(key, answer);
  });
  // Support on the reference leads, counted the way the rule would match (case-insensitive).
  const rowsByCode = new Float64Array(dictionary.length);
  let missingRows = 0;
  for (const code of codes) {
    if (code < 0) missingRows++;
    else rowsByCode[code]++;
  }
  const supportOf = new Map<string, number>();
  dictionary.forEach((value, code) => supportOf.set(value.toLowerCase(), (supportOf.get(value.toLowerCase()) ?? 0) + rowsByCode[code]));
  let listed = 0;
  const raw: Array<{ condition: ScorecardCondition; g: number; support: number }> = [...answers].map(([key, answer]) => {
    const support = supportOf.get(key) ?? 0;
    listed += support;
    return { condition: { kind: 'equals', values: answer.values }, g: answer.weighted / answer.rows, support };
  });
  raw.push({ condition: { kind: 'other' }, g: other, support: codes.length - missingRows - listed });
  raw.push({ condition: { kind: 'missing' }, g: missing, support: missingRows });
  const zero = Math.min(...raw.map((r) => r.g));
  return finishRule(encoder.feature, 'fit', raw, zero, factor);
}

/** Two significant digits: band edges a person can read (47,312 → 47,000). */
export function roundEdge(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const magnitude = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
  return Number((Math.round(x / magnitude) * magnitude).toPrecision(2));
}

/** Sorted present values of a column. */
function presentValues(values: Float64Array): Float64Array {
  return values.filter((v) => Number.isFinite(v)).sort();
}

/** Value at quantile q of sorted values (the lower of the two around it: an actual value). */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function numericRule(
  encoder: NumericEncoder,
  beta: number[],
  column: NumericFrameColumn,
  factor: number,
  bands: number,
): { rule: ScorecardRule; zero: number } | { leftOut: string } {
  const sorted = presentValues(column.values);
  if (!sorted.length) return { leftOut: 'no reference lead has a value' };
  const edges: number[] = [];
  for (let b = 1; b < bands; b++) {
    const edge = roundEdge(quantile(sorted, b / bands));
    if (edge > sorted[0] && edge <= sorted[sorted.length - 1] && (edges.length === 0 || edge > edges[edges.length - 1])) edges.push(edge);
  }
  if (!edges.length) return { leftOut: 'the same value for (nearly) every reference lead' };
  const g = contributions(encoder, beta, { ...referenceOf(column) });
  const sum = new Float64Array(edges.length + 1);
  const support = new Float64Array(edges.length + 1);
  let missingRows = 0;
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i];
    if (!Number.isFinite(v)) {
      missingRows++;
      continue;
    }
    let band = 0;
    while (band < edges.length && v >= edges[band]) band++;
    sum[band] += g[i];
    support[band]++;
  }
  const raw: Array<{ condition: ScorecardCondition; g: number; support: number }> = [];
  for (let band = 0; band <= edges.length; band++) {
    const min = band === 0 ? null : edges[band - 1];
    const max = band === edges.length ? null : edges[band];
    // A band every reference lead skipped (rounding can make one) is valued at its edge.
    const value = support[band] ? sum[band] / support[band] : numericValue(encoder, beta, [min ?? max!])[0];
    raw.push({ condition: { kind: 'range', min, max }, g: value, support: support[band] });
  }
  raw.push({ condition: { kind: 'missing' }, g: numericValue(encoder, beta, [NaN])[0], support: missingRows });
  const zero = Math.min(...raw.map((r) => r.g));
  return finishRule(encoder.feature, 'fit', raw, zero, factor);
}

function countRule(
  encoder: NumericEncoder,
  beta: number[],
  column: NumericFrameColumn,
  factor: number,
  bands: number,
  eventTypes: string[],
  windowDays: number | null,
): { rule: ScorecardRule; zero: number } | { leftOut: string } {
  const positive = presentValues(column.values).filter((v) => v >= 1);
  if (!positive.length) return { leftOut: 'no reference lead had such an event' };
  const starts = [1];
  for (let b = 1; b < bands; b++) {
    const start = Math.ceil(quantile(positive, b / bands));
    if (start > starts[starts.length - 1] && start <= positive[positive.length - 1]) starts.push(start);
  }
  const g = contributions(encoder, beta, referenceOf(column));
  const sum = new Float64Array(starts.length);
  const support = new Float64Array(starts.length);
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i];
    if (!(v >= 1)) continue;
    let band = 0;
    while (band + 1 < starts.length && v >= starts[band + 1]) band++;
    sum[band] += g[i];
    support[band]++;
  }
  const zero = numericValue(encoder, beta, [0])[0];
  const raw = starts.map((min, band) => ({
    condition: { kind: 'count', min, max: band + 1 < starts.length ? starts[band + 1] - 1 : null } as ScorecardCondition,
    g: sum[band] / support[band],
    support: support[band],
  }));
  return finishRule(encoder.feature, 'engagement', raw, zero, factor, { eventTypes, windowDays });
}

/** A one-column frame over a reference column (the encoder finds its column by name). */
function referenceOf(column: NumericFrameColumn): FeatureFrame {
  const rows = column.values.length;
  return {
    rows,
    leadIds: [],
    createdAt: new Float64Array(0),
    snapshotAt: new Float64Array(0),
    label: new Int8Array(0),
    columns: [column],
  };
}

/**
 * Which line of `rule` each lead of `frame` meets (−1: none, an engagement rule not firing),
 * matching the way the rule engine would: categories case-insensitively, ranges min-inclusive,
 * count bands inclusive. Counts come from the frame's window-count features, which count what
 * the engagement rule counts at the same time.
 */
export function scorecardLineOf(rule: ScorecardRule, frame: FeatureFrame): Int32Array {
  const column = findFrameColumn(frame, rule.feature);
  if (!column) throw new InputError(`the frame has no column "${rule.feature}"`, { where: rule.feature });
  const out = new Int32Array(frame.rows).fill(-1);
  const lines = rule.lines.map((line) => line.condition);
  if (column.kind === 'categorical') {
    const byValue = new Map<string, number>();
    const other = lines.findIndex((c) => c.kind === 'other');
    const missing = lines.findIndex((c) => c.kind === 'missing');
    lines.forEach((c, k) => {
      if (c.kind === 'equals') for (const v of c.values) if (!byValue.has(v.toLowerCase())) byValue.set(v.toLowerCase(), k);
    });
    const lut = column.dictionary.map((v) => byValue.get(v.toLowerCase()) ?? other);
    for (let i = 0; i < frame.rows; i++) out[i] = column.codes[i] < 0 ? missing : lut[column.codes[i]];
    return out;
  }
  for (let i = 0; i < frame.rows; i++) {
    const v = column.values[i];
    out[i] = lines.findIndex((c) =>
      c.kind === 'missing'
        ? !Number.isFinite(v)
        : c.kind === 'range'
          ? Number.isFinite(v) && (c.min === null || v >= c.min) && (c.max === null || v < c.max)
          : c.kind === 'count'
            ? v >= c.min && (c.max === null || v <= c.max)
            : false,
    );
  }
  return out;
}

/** The points each lead of `frame` gets from the scorecard's rules. */
export function scorecardPoints(scorecard: Scorecard, frame: FeatureFrame): Float64Array {
  const points = new Float64Array(frame.rows);
  for (const rule of scorecard.rules) {
    const lineOf = scorecardLineOf(rule, frame);
    for (let i = 0; i < frame.rows; i++) if (lineOf[i] >= 0) points[i] += rule.lines[lineOf[i]].points;
  }
  return points;
}

/**
 * The 0–100 rule score (points / `total` × 100) at which the model's probability reaches `p`.
 * `probabilityOf` maps the model's log-odds to the probability the scorer reports (the calibrator
 * applied to the raw probability); it is monotone, so bisection finds the crossing.
 */
export function scoreAtProbability(scorecard: Scorecard, total: number, probabilityOf: (logOdds: number) => number, p: number): number {
  let lo = -50;
  let hi = 50;
  if (probabilityOf(hi) < p) return 100;
  if (probabilityOf(lo) >= p) return 0;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (probabilityOf(mid) >= p) hi = mid;
    else lo = mid;
  }
  const score = (100 * scorecard.factor * (hi - scorecard.base)) / total;
  return Math.min(100, Math.max(0, score));
}
