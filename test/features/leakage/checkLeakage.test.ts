import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import { checkLeakage } from '../../../features/leakage/checkLeakage.ts';
import { formatShare } from '../../../features/leakage/formatShare.ts';
import { featureAuc } from '../../../features/leakage/singleFeatureAuc.ts';
import { seeded } from '../../models/modelFixtures.ts';
import { frameOf } from '../frameFixture.ts';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

/**
 * 400 labelled leads (~40 % converted) and 50 unlabelled ones. `stage` is what sales wrote after
 * the outcome; `contract_value` exists only for won deals; `industry`, `employees` and
 * `visited_pricing` are honest, the last one a genuine but imperfect signal.
 */
function syntheticFrame() {
  const random = seeded(3);
  const label: number[] = [];
  const stage: (string | null)[] = [];
  const contract: number[] = [];
  const industry: (string | null)[] = [];
  const employees: number[] = [];
  const pricing: string[] = [];
  for (let i = 0; i < 450; i++) {
    const y = i >= 400 ? -1 : random() < 0.4 ? 1 : 0;
    label.push(y);
    const r = random();
    stage.push(
      y === 1 ? (r < 0.9 ? 'Closed by Horizzon' : 'Will revert') : r < 0.1 ? 'Will revert' : r < 0.45 ? 'Ringing' : r < 0.8 ? 'Already a student' : null,
    );
    contract.push(y === 1 ? 1000 + Math.round(random() * 9000) : NaN);
    industry.push(['software', 'retail', 'health', null][Math.floor(random() * 4)]);
    employees.push(Math.round(10 + random() * 500));
    pricing.push(random() < (y === 1 ? 0.6 : 0.3) ? 'yes' : 'no');
  }
  return frameOf({
    label,
    numeric: { contract_value: contract, employees },
    categorical: { stage, industry, visited_pricing: pricing },
  });
}

describe('featureAuc (single-feature ROC AUC, hand-computed)', () => {
  it('scores a categorical by its conversion rate, ties counting half', () => {
    // A: 3 of 4 converted (rate ¾), B: 1 of 4 (¼). Of 16 positive–negative pairs, A-positive vs
    // B-negative win (9), same-category pairs tie (3 + 3 → 3), B-positive vs A-negative lose.
    const frame = frameOf({ categorical: { c: ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'] }, label: [1, 1, 1, 0, 1, 0, 0, 0] });
    const y = Uint8Array.from(frame.label);
    expect(featureAuc(frame.columns[0], all(8), y)).toEqual({ auc: 0.75, rawAuc: 0.75, missing: 0, categories: 2 });
  });

  it('ranks a missing numeric value below every value and reports max(auc, 1 − auc)', () => {
    const up = frameOf({ numeric: { v: [NaN, 1, 2, 3] }, label: [0, 0, 1, 1] });
    expect(featureAuc(up.columns[0], all(4), Uint8Array.from(up.label))).toMatchObject({ auc: 1, rawAuc: 1, missing: 1 });
    const down = frameOf({ numeric: { v: [5, 4, NaN, 1] }, label: [0, 0, 1, 1] });
    expect(featureAuc(down.columns[0], all(4), Uint8Array.from(down.label))).toMatchObject({ auc: 1, rawAuc: 0 });
    // Missing (lowest) and 3 positive; 1 and 2 negative: 2 of 4 pairs won.
    const mixed = frameOf({ numeric: { v: [NaN, 1, 2, 3] }, label: [1, 0, 0, 1] });
    expect(featureAuc(mixed.columns[0], all(4), Uint8Array.from(mixed.label)).auc).toBe(0.5);
  });
});

describe('checkLeakage', () => {
  const frame = syntheticFrame();
  const findings = checkLeakage(frame);

  it('flags a feature written after the outcome, by AUC and by pure categories', () => {
    const stageAuc = findings.find((f) => f.kind === 'single_feature_auc' && f.feature === 'stage');
    expect(stageAuc?.severity).toBe('high');
    expect(stageAuc?.metrics.auc).toBeGreaterThan(0.9);
    expect(stageAuc?.evidence).toMatch(/^stage alone ranks converted leads with ROC AUC 0\.99\d \(each of its 4 values and missing scored by its conversion rate/);
    const pure = findings.filter((f) => f.kind === 'pure_category' && f.feature === 'stage');
    expect(pure.map((f) => f.value).sort()).toEqual(['Already a student', 'Closed by Horizzon', 'Ringing', null].sort());
    const closed = pure.find((f) => f.value === 'Closed by Horizzon')!;
    expect(closed.evidence).toMatch(/^stage = "Closed by Horizzon": \d+ leads, 100\.0% converted \(\d+\.\d% of rows; overall \d+\.\d%\)$/);
    expect(closed.metrics.rate).toBe(1);
    expect(pure.find((f) => f.value === null)!.evidence).toMatch(/^stage missing: \d+ leads, 0\.0% converted/);
  });

  it('flags a numeric present only for converted leads (missing ranks lowest)', () => {
    const contract = findings.find((f) => f.feature === 'contract_value');
    expect(contract).toMatchObject({ kind: 'single_feature_auc', severity: 'high', metrics: { auc: 1 } });
    expect(contract!.evidence).toMatch(/higher values convert more; \d+ of 400 missing, ranked lowest/);
  });

  it('leaves honest features alone, including a real but imperfect signal', () => {
    expect(findings.map((f) => f.feature).filter((name) => name !== 'stage' && name !== 'contract_value')).toEqual([]);
  });

  it('lists high findings first and ignores unlabelled rows', () => {
    const severities = findings.map((f) => f.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('high'));
    expect(findings.find((f) => f.kind === 'single_feature_auc')!.metrics.rows).toBe(400);
  });

  it('follows its thresholds', () => {
    expect(checkLeakage(frame, { aucThreshold: 0.999, minSupportShare: 0.3 }).map((f) => f.value ?? f.feature)).toEqual([
      'contract_value',
      'Closed by Horizzon',
    ]);
    expect(checkLeakage(frame, { minSupportRows: 1000 }).filter((f) => f.kind === 'pure_category')).toEqual([]);
  });

  it('names invalid options and a frame without both outcomes', () => {
    expect(() => checkLeakage(frame, { aucThreshold: 0.4 })).toThrow(InputError);
    expect(() => checkLeakage(frame, { pureRate: 0.02, typo: 1 } as never)).toThrow(/invalid options/);
    expect(() => checkLeakage(frameOf({ numeric: { v: [1, 2] }, label: [1, 1] }))).toThrow(/need both outcomes/);
  });
});

describe('formatShare', () => {
  it('never rounds to an exact 0 % or 100 % that is not exact', () => {
    expect([1, 0, 0.997, 0.9997, 0.0004, 0.385].map(formatShare)).toEqual(['100.0%', '0.0%', '99.7%', '99.97%', '0.04%', '38.5%']);
  });
});
