import { describe, expect, it } from 'vitest';
import { ruleValue } from '../../../../pipelines/reports/compare/ruleValue.ts';

/** `fired` leads first (`firedConverted` of them converted), then the rest. */
function holdout(fired: number, firedConverted: number, notFired: number, notFiredConverted: number) {
  const flags = new Uint8Array(fired + notFired).fill(1, 0, fired);
  const y = new Uint8Array(fired + notFired);
  y.fill(1, 0, firedConverted);
  y.fill(1, fired, fired + notFiredConverted);
  return { flags, y };
}

describe('ruleValue', () => {
  it('gives the relative risk with Katz’s 95% interval (hand-computed)', () => {
    // 30 of 100 fired leads converted, 40 of 400 others: RR 3, SE = √(1/30 − 1/100 + 1/40 − 1/400).
    const { flags, y } = holdout(100, 30, 400, 40);
    const value = ruleValue(flags, y, 1);
    expect(value.relativeRisk).toBeCloseTo(3, 12);
    expect(value.low).toBeCloseTo(1.9719227228450853, 12);
    expect(value.high).toBeCloseTo(4.5640733765747274, 12);
    expect(value).toMatchObject({ fired: 100, firedConverted: 30, notFired: 400, notFiredConverted: 40, firedRate: 0.3, notFiredRate: 0.1 });
    expect(value.verdict).toBe('adds value');
    // The same evidence on a penalty: the penalised leads convert more.
    expect(ruleValue(flags, y, -1).verdict).toBe('wrong direction');
  });

  it('marks a rule whose interval contains 1 as adding no evidence', () => {
    // 5 of 50 and 45 of 450: RR 1, SE = √(1/5 − 1/50 + 1/45 − 1/450).
    const { flags, y } = holdout(50, 5, 450, 45);
    const value = ruleValue(flags, y, 1);
    expect(value.relativeRisk).toBeCloseTo(1, 12);
    expect(value.low).toBeCloseTo(0.4162278132637267, 12);
    expect(value.high).toBeCloseTo(2.402530460804138, 12);
    expect(value.verdict).toBe('no evidence');
  });

  it('adds ½ to every cell when one is empty', () => {
    // 0 of 10 fired converted, 9 of 90 others: RR = (0.5/11) / (9.5/91).
    const { flags, y } = holdout(10, 0, 90, 9);
    const value = ruleValue(flags, y, 1);
    expect(value.relativeRisk).toBeCloseTo(0.4354066985645933, 12);
    expect(value.low).toBeCloseTo(0.027170777600871502, 12);
    expect(value.high).toBeCloseTo(6.977312020280121, 12);
    expect(value.verdict).toBe('no evidence');
  });

  it('says when a rule never fires or fires for every lead', () => {
    const none = holdout(0, 0, 20, 4);
    expect(ruleValue(none.flags, none.y, 1)).toMatchObject({ verdict: 'never fires', relativeRisk: null, firedRate: null });
    const all = holdout(20, 4, 0, 0);
    expect(ruleValue(all.flags, all.y, 1)).toMatchObject({ verdict: 'fires for every lead', notFiredRate: null });
  });
});
