import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import { stratifiedHoldout, stratifiedKFold, timeHoldout, type Split } from '../../../models/evaluation/split.ts';
import { seeded } from '../modelFixtures.ts';

/** Train and test are ascending, disjoint, and together cover every row once. */
function expectPartition(split: Split, rows: number): void {
  for (const part of [split.train, split.test]) {
    for (let k = 1; k < part.length; k++) expect(part[k]).toBeGreaterThan(part[k - 1]);
  }
  const seen = new Uint8Array(rows);
  for (const i of [...split.train, ...split.test]) seen[i]++;
  expect(seen.every((c) => c === 1)).toBe(true);
}

function labelsWithRate(rows: number, rate: number, seed: number): Uint8Array {
  const random = seeded(seed);
  return Uint8Array.from({ length: rows }, () => (random() < rate ? 1 : 0));
}

const count = (y: Uint8Array, rows: ArrayLike<number>) => Array.from(rows).reduce((s, i) => s + y[i], 0);

describe('timeHoldout', () => {
  const day = 86_400_000;
  const random = seeded(11);
  // 1,000 leads over 100 days: many share a day, so the boundary has ties; 20 have no date.
  const createdAt = Float64Array.from({ length: 1000 }, (_, i) => (i % 50 === 7 ? NaN : Math.floor(random() * 100) * day));

  it('puts the newest fraction in test, every test row after every train row', () => {
    const split = timeHoldout(createdAt, 0.2);
    expectPartition(split, createdAt.length);
    let newestTrain = -Infinity;
    for (const i of split.train) if (!Number.isNaN(createdAt[i])) newestTrain = Math.max(newestTrain, createdAt[i]);
    const oldestTest = Math.min(...Array.from(split.test, (i) => createdAt[i]));
    expect(oldestTest).toBeGreaterThan(newestTrain);
    expect(oldestTest).toBe(split.cutoffMs);
    // 20% of the 980 dated rows, plus the rest of the boundary day.
    expect(split.test.length).toBeGreaterThanOrEqual(196);
    expect(split.test.length).toBeLessThan(196 + 30);
  });

  it('sends all rows of the boundary timestamp to test, and undated rows to train', () => {
    const split = timeHoldout(Float64Array.from([1, 2, 3, 3, 3, 4, NaN]), 0.3);
    expect(Array.from(split.test)).toEqual([2, 3, 4, 5]);
    expect(Array.from(split.train)).toEqual([0, 1, 6]);
    expect(split.cutoffMs).toBe(3);
  });

  it('refuses a split that leaves no dated training row', () => {
    expect(() => timeHoldout(Float64Array.from([5, 5, 5, 5]), 0.25)).toThrow(InputError);
    expect(() => timeHoldout(Float64Array.from([NaN, NaN]), 0.5)).toThrow(/no row has a creation time/);
    expect(() => timeHoldout(createdAt, 1)).toThrow(/fraction must be between 0 and 1/);
  });
});

describe('stratifiedHoldout', () => {
  const y = labelsWithRate(5000, 0.07, 3);
  const positives = count(y, Array.from(y.keys()));

  it('keeps the class ratio in train and test', () => {
    const split = stratifiedHoldout(y, 0.25, 42);
    expectPartition(split, y.length);
    expect(count(y, split.test)).toBe(Math.round(positives * 0.25));
    expect(split.test.length).toBe(Math.round(positives * 0.25) + Math.round((y.length - positives) * 0.25));
    expect(count(y, split.test) / split.test.length).toBeCloseTo(positives / y.length, 3);
  });

  it('is deterministic by seed', () => {
    expect(stratifiedHoldout(y, 0.25, 42)).toEqual(stratifiedHoldout(y, 0.25, 42));
    expect(stratifiedHoldout(y, 0.25, 43).test).not.toEqual(stratifiedHoldout(y, 0.25, 42).test);
  });
});

describe('stratifiedKFold', () => {
  const y = labelsWithRate(1003, 0.1, 5);
  const positives = count(y, Array.from(y.keys()));

  it('test folds partition the rows; each train is the complement', () => {
    const folds = stratifiedKFold(y, 5, 1);
    expect(folds).toHaveLength(5);
    const seen = new Uint8Array(y.length);
    for (const fold of folds) {
      expectPartition(fold, y.length);
      for (const i of fold.test) seen[i]++;
    }
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('balances class counts and fold sizes to within one row', () => {
    const folds = stratifiedKFold(y, 5, 1);
    const sizes = folds.map((f) => f.test.length);
    const pos = folds.map((f) => count(y, f.test));
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Math.max(...pos) - Math.min(...pos)).toBeLessThanOrEqual(1);
    expect(pos.reduce((a, b) => a + b, 0)).toBe(positives);
  });

  it('shuffles deterministically by seed', () => {
    expect(stratifiedKFold(y, 3, 9)).toEqual(stratifiedKFold(y, 3, 9));
    expect(stratifiedKFold(y, 3, 9)[0].test).not.toEqual(stratifiedKFold(y, 3, 10)[0].test);
    // Shuffled, not contiguous blocks of rows.
    const first = stratifiedKFold(y, 3, 9)[0].test;
    expect(first[first.length - 1] - first[0]).toBeGreaterThan(y.length / 2);
  });

  it('rejects k < 2 and classes smaller than k', () => {
    expect(() => stratifiedKFold(y, 1, 0)).toThrow(/k must be an integer ≥ 2/);
    expect(() => stratifiedKFold(Uint8Array.from([0, 0, 0, 1, 1]), 3, 0)).toThrow(/class 1 has 2 rows, fewer than k = 3/);
  });
});
