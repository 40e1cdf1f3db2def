import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FrameEncoder } from '../../../../features/encoding/frameEncoder.ts';
import type { FeatureFrame } from '../../../../features/frame/featureFrame.ts';
import { checkRulesAgainstData } from '../../../../models/rules/checkRulesAgainstData.ts';
import { loadRuleFile } from '../../../../models/rules/loadRuleFile.ts';
import { parseRules } from '../../../../models/rules/parseRules.ts';
import { RuleScorer } from '../../../../models/rules/RuleScorer.ts';
import { buildScorecard, roundEdge, scoreAtProbability, scorecardPoints } from '../../../../pipelines/reports/compare/scorecard.ts';
import { suggestedRuleFile } from '../../../../pipelines/reports/compare/suggestedRuleFile.ts';

const n = 10;
const frame: FeatureFrame = {
  rows: n,
  leadIds: Array.from({ length: n }, (_, i) => `L${i}`),
  createdAt: new Float64Array(n).fill(NaN),
  snapshotAt: new Float64Array(n).fill(NaN),
  label: Int8Array.from([1, 0, 1, 0, 0, 1, 0, 1, 1, 0]),
  columns: [
    // web ×4 and Web ×1 (one answer to a case-insensitive rule), email ×3, ads ×1, one missing.
    { kind: 'categorical', name: 'channel', dictionary: ['web', 'Web', 'email', 'ads'], codes: Int32Array.from([0, 0, 0, 1, 2, 2, 2, 3, -1, 0]) },
    { kind: 'numeric', name: 'company_size', values: Float64Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90, NaN]) },
    { kind: 'numeric', name: 'form_submit_count_30d', values: Float64Array.from([0, 0, 0, 1, 1, 2, 3, 5, 8, 0]) },
    { kind: 'categorical', name: 'created_month', dictionary: ['01', '02'], codes: Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]) },
  ],
};
// No log transform (threshold 100), every category kept (min count 1).
const encoder = new FrameEncoder({ min_category_count: 1, max_categories: 50, log_skew_threshold: 100 }).fit(frame);
const coefByName: Record<string, number> = {
  'channel=web': 0.6,
  'channel=email': -0.2,
  'channel=Web': 0.2,
  'channel=ads': 0,
  'channel=(other)': 0.1,
  'channel=(missing)': -0.4,
  company_size: 0.5, // per standard deviation
  'company_size:missing': 0.3,
  form_submit_count_30d: 0.4,
  'created_month=01': 0.1,
  'created_month=02': -0.1,
  'created_month=(other)': 0,
};
const model = { columns: encoder.featureNames, coef: encoder.featureNames.map((name) => coefByName[name]), intercept: -1 };
const options = { pdo: 20, numericBands: 3, countBands: 2, attributes: ['channel', 'company_size'], eventTypes: ['form_submit', 'page_view'] };
const factor = 20 / Math.LN2;

describe('buildScorecard', () => {
  const card = buildScorecard(encoder, model, frame, options);
  const rule = (feature: string) => card.rules.find((r) => r.feature === feature)!;

  it('turns a categorical into one option per answer, shifted so the lowest is 0 (hand-computed)', () => {
    // web and Web merged by training rows: (0.6·4 + 0.2·1) / 5 = 0.52. Lowest: missing −0.4.
    const lines = rule('channel').lines;
    expect(lines.map((l) => l.condition)).toEqual([
      { kind: 'equals', values: ['web', 'Web'] },
      { kind: 'equals', values: ['email'] },
      { kind: 'equals', values: ['ads'] },
      { kind: 'other' },
      { kind: 'missing' },
    ]);
    [0.92, 0.2, 0.4, 0.5, 0].forEach((logOdds, k) => expect(lines[k].logOdds).toBeCloseTo(logOdds, 12));
    expect(lines.map((l) => l.points)).toEqual([27, 6, 12, 14, 0]); // round(28.85 × log-odds)
    expect(lines.map((l) => l.support)).toEqual([5, 3, 1, 0, 1]);
    expect(rule('channel')).toMatchObject({ part: 'fit', id: 'channel', spread: 27 });
  });

  it('bands a numeric attribute at quantiles and values each band by its leads’ mean (hand-computed)', () => {
    // Present values 10…90: mean 50, population std √(6000/9). Tertile edges 40 and 70; band
    // means 20, 50, 80 give ∓0.5·30/std; missing encodes as 0 plus its indicator 0.3.
    const s = (0.5 * 30) / Math.sqrt(6000 / 9);
    const lines = rule('company_size').lines;
    expect(lines.map((l) => l.condition)).toEqual([
      { kind: 'range', min: null, max: 40 },
      { kind: 'range', min: 40, max: 70 },
      { kind: 'range', min: 70, max: null },
      { kind: 'missing' },
    ]);
    [0, s, 2 * s, 0.3 + s].forEach((logOdds, k) => expect(lines[k].logOdds).toBeCloseTo(logOdds, 12));
    expect(lines.map((l) => l.points)).toEqual([0, 17, 34, 25]);
    expect(lines.map((l) => l.support)).toEqual([3, 3, 3, 1]);
  });

  it('makes an event count in a window an engagement rule with frequency bands relative to none (hand-computed)', () => {
    // Counts: mean 2, population std √6.4. Positive counts 1,1,2,3,5,8 split at their median 3:
    // bands 1–2 (mean 4/3) and 3+ (mean 16/3), each against a count of 0.
    const std = Math.sqrt(6.4);
    const lines = rule('form_submit_count_30d').lines;
    expect(rule('form_submit_count_30d')).toMatchObject({ part: 'engagement', eventTypes: ['form_submit'], windowDays: 30 });
    expect(lines.map((l) => l.condition)).toEqual([
      { kind: 'count', min: 1, max: 2 },
      { kind: 'count', min: 3, max: null },
    ]);
    expect(lines[0].logOdds).toBeCloseTo((0.4 * (4 / 3)) / std, 12);
    expect(lines[1].logOdds).toBeCloseTo((0.4 * (16 / 3)) / std, 12);
    expect(lines.map((l) => l.points)).toEqual([6, 24]);
  });

  it('lists what has no rule form, and keeps the points on the log-odds scale', () => {
    expect(card.leftOut).toHaveLength(1);
    expect(card.leftOut[0].feature).toBe('created_month');
    expect(card.leftOut[0].reason).toMatch(/calendar/);
    expect(card.leftOut[0].spread).toBeCloseTo(factor * 0.2, 12);
    // base = intercept + each rule's zero (channel −0.4, size −s, count g(0)) + month's mean 0.
    const s = (0.5 * 30) / Math.sqrt(6000 / 9);
    expect(card.base).toBeCloseTo(-1 - 0.4 - s - (0.4 * 2) / Math.sqrt(6.4), 12);
    expect(card.maxPoints).toBe(27 + 34 + 24);
    expect(card.factor).toBeCloseTo(factor, 12);
  });

  it('gives each lead the points the rules would (hand-computed rows)', () => {
    const points = scorecardPoints(card, frame);
    expect(points[0]).toBe(27); // web, size 10, no form
    expect(points[8]).toBe(34 + 24); // channel missing (0), size 90, 8 forms
    expect(points[9]).toBe(27 + 25); // web, size missing, no form
    expect(points[3]).toBe(27 + 17 + 6); // Web, size 40, 1 form
  });

  it('rounds band edges to two significant digits', () => {
    expect([47312, 0.01234, -356, 0, 99.6].map(roundEdge)).toEqual([47000, 0.012, -360, 0, 100]);
  });

  it('finds the score where the calibrated probability crosses a cut-off', () => {
    // Identity calibration: p = σ(l); at p = 0.5, l = 0, points = factor × (0 − base).
    const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
    const score = scoreAtProbability(card, 85, sigmoid, 0.5);
    expect(score).toBeCloseTo((100 * factor * -card.base) / 85, 6);
    expect(scoreAtProbability(card, 85, sigmoid, 0.999999)).toBe(100);
    expect(scoreAtProbability(card, 85, () => 0.9, 0.5)).toBe(0);
  });
});

describe('suggestedRuleFile', () => {
  const card = buildScorecard(encoder, model, frame, options);
  const file = suggestedRuleFile(card, {
    name: 'acme-suggested',
    description: 'from a test model',
    header: ['Suggested points', 'PDO 20'],
    temperature: { hot: 70.04, warm: 35.06 },
  });

  it('is a rule file loadRuleFile and parseRules accept, valid against the data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadscore-suggested-'));
    const path = join(dir, 'suggested.yaml');
    writeFileSync(path, file.text);
    const ruleSet = loadRuleFile(path);
    expect(parseRules(parse(file.text))).toEqual(parseRules(file.value));
    checkRulesAgainstData(ruleSet, {
      attributes: [
        { name: 'channel', kind: 'categorical' },
        { name: 'company_size', kind: 'numeric' },
      ],
      eventTypes: ['form_submit', 'page_view'],
    });
    expect(ruleSet.limits.total).toBe(85);
    expect(ruleSet.temperature).toEqual({ by: 'score', hot: 70, warm: 35.1 });
    expect(ruleSet.mql.minScore).toBe(35.1);
    expect(file.text.startsWith('# Suggested points\n# PDO 20\n')).toBe(true);
  });

  it('writes options in the order the engine tries them, leaving 0-point ones out', () => {
    const ruleSet = parseRules(file.value);
    const channel = ruleSet.fit.find((r) => r.id === 'channel')!;
    expect(channel.options).toEqual([
      { matcher: { kind: 'equals', value: 'web' }, points: 27 },
      { matcher: { kind: 'equals', value: 'email' }, points: 6 },
      { matcher: { kind: 'equals', value: 'ads' }, points: 12 },
      { matcher: { kind: 'pattern', pattern: '.' }, points: 14 },
    ]);
    const size = ruleSet.fit.find((r) => r.id === 'company_size')!;
    expect(size.options.map((o) => o.matcher)).toEqual([
      { kind: 'range', min: 40, max: 70 },
      { kind: 'range', min: 70, max: null },
      { kind: 'missing' },
    ]);
    const forms = ruleSet.engagement.find((r) => r.id === 'form_submit_count_30d')!;
    expect(forms).toMatchObject({ eventTypes: ['form_submit'], windowDays: 30 });
    expect(forms.scoring).toEqual({ kind: 'frequency', bands: [{ min: 1, max: 2, points: 6 }, { min: 3, max: null, points: 24 }] });
  });

  it('scores the fit part through the real rule engine exactly as scorecardPoints does', () => {
    const fitOnly = { ...card, rules: card.rules.filter((r) => r.part === 'fit') };
    const value = { ...file.value, engagement: undefined };
    const scores = new RuleScorer(parseRules(JSON.parse(JSON.stringify(value)))).score(frame);
    expect(Array.from(scores.fitPoints)).toEqual(Array.from(scorecardPoints(fitOnly, frame)));
  });
});
