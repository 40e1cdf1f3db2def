import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import { Rng } from '../../../data/generator/prng.ts';
import { sigmoid } from '../../../models/calibration/logit.ts';
import { learnBlend } from '../../../pipelines/scoring/learnBlend.ts';

/**
 * A holdout where the answer is known: conversion follows σ(−2 + 1.2·x + s·z). The model knows
 * x only (its probability is exactly σ(−2 + 1.2·x)); the rule score is either pure noise or a
 * function of z, the signal the model lacks.
 */
function holdout(rows: number, ruleSignal: number, rules: 'noise' | 'z', seed = 1) {
  const rng = new Rng(seed);
  const label = new Uint8Array(rows);
  const probability = new Float64Array(rows);
  const ruleScore = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const x = rng.normal();
    const z = rng.normal();
    label[i] = rng.bernoulli(sigmoid(-2 + 1.2 * x + ruleSignal * z)) ? 1 : 0;
    probability[i] = sigmoid(-2 + 1.2 * x);
    ruleScore[i] = rules === 'noise' ? 100 * rng.next() : Math.min(100, Math.max(0, 50 + 15 * z));
  }
  return { label, probability, ruleScore };
}

const options = { folds: 5, seed: 42, configuredWeight: 0.5 };

describe('learnBlend', () => {
  it('puts (almost) no weight on rules that are pure noise, and keeps the model as it is', () => {
    const learned = learnBlend(holdout(20_000, 0, 'noise'), options);
    expect(learned.ruleShare).toBeLessThan(0.05);
    expect(Math.abs(learned.blend.rules)).toBeLessThan(0.3);
    // The model's probability is already the truth: the stack keeps its log-odds at slope ~1.
    expect(learned.blend.model).toBeGreaterThan(0.9);
    expect(learned.blend.model).toBeLessThan(1.1);
    expect(learned.auc.rules).toBeGreaterThan(0.47);
    expect(learned.auc.rules).toBeLessThan(0.53);
    // Cross-fitted, the blend matches the model; the config's 50/50 blend, diluted by noise, does worse.
    expect(Math.abs(learned.auc.blend - learned.auc.model)).toBeLessThan(0.005);
    expect(learned.auc.configured).toBeLessThan(learned.auc.model - 0.02);
    expect(learned.holdout).toEqual({ rows: 20_000, positives: expect.any(Number), folds: 5 });
  });

  it('beats both model and rules when the rules carry signal the model lacks', () => {
    const learned = learnBlend(holdout(20_000, 1, 'z'), options);
    expect(learned.auc.blend).toBeGreaterThan(learned.auc.model + 0.03);
    expect(learned.auc.blend).toBeGreaterThan(learned.auc.rules + 0.03);
    expect(learned.blend.rules).toBeGreaterThan(0);
    // z moves the truth's log-odds by 1 per sd; the rule score carries z at 0.15 per sd (mostly unclipped).
    expect(learned.standardized.rules).toBeGreaterThan(0.8);
    expect(learned.standardized.rules).toBeLessThan(1.2);
    expect(learned.ruleShare).toBeGreaterThan(0.3);
    expect(learned.formula).toMatch(/^100 × σ\(/);
  });

  it('gives a constant rule score no weight instead of failing', () => {
    const data = holdout(2_000, 0, 'noise');
    data.ruleScore.fill(0);
    const learned = learnBlend(data, options);
    expect(learned.blend.rules).toBe(0);
    expect(learned.ruleShare).toBe(0);
  });

  it('refuses a holdout with fewer converted leads than folds', () => {
    const data = holdout(200, 0, 'noise');
    data.label.fill(0);
    data.label[0] = 1;
    expect(() => learnBlend(data, options)).toThrow(InputError);
    expect(() => learnBlend(data, options)).toThrow(/1 converted/);
  });
});
