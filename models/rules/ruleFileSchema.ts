/**
 * The shape of a rule file (YAML or JSON), checked by zod. Only the structure is checked here;
 * what needs several fields at once (overlapping ranges, limits against points, unknown groups)
 * is checked by checkRuleSet.ts, which can name the rule.
 */
import { z } from 'zod';

const scalar = z.union([z.string(), z.number()]);

/** Exactly one of these is set on a fit option or a disqualifier (checked in checkRuleSet). */
const matcherFields = {
  /** The value, compared case-insensitively for a categorical attribute. */
  equals: scalar.optional(),
  /** Any of these values. */
  in: z.array(scalar).min(1).optional(),
  /** A numeric attribute in [min, max): min inclusive, max exclusive; either may be left out. */
  range: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  /** A regular expression, case-insensitive, matched anywhere unless anchored with ^ and $. */
  pattern: z.string().min(1).optional(),
  /** The attribute has no value. */
  missing: z.literal(true).optional(),
};

export const MATCHER_KEYS = ['equals', 'in', 'range', 'pattern', 'missing'] as const;

const ruleId = z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, _ . and - only');

const fitOption = z.strictObject({ ...matcherFields, points: z.number() });

const fitRule = z.strictObject({
  id: ruleId,
  name: z.string().min(1).optional(),
  attribute: z.string().min(1),
  group: z.string().min(1).optional(),
  /** Answers of the question; the first matching one gives its points. */
  options: z.array(fitOption).min(1).optional(),
  /** Shorthand for a rule with a single option: the matcher and points on the rule itself. */
  ...matcherFields,
  points: z.number().optional(),
});

const disqualifier = z.strictObject({
  id: ruleId,
  name: z.string().min(1).optional(),
  attribute: z.string().min(1),
  ...matcherFields,
});

const frequencyBand = z.strictObject({
  min: z.number().int().min(1),
  max: z.number().int().min(1).optional(),
  points: z.number(),
});

const engagementRule = z.strictObject({
  id: ruleId,
  name: z.string().min(1).optional(),
  event_type: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  /** Only events whose numeric value is in [min, max). */
  value: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  /** Points per occurrence (exclusive with frequency). */
  points: z.number().optional(),
  /** Points by occurrence count (exclusive with points). */
  frequency: z.array(frequencyBand).min(1).optional(),
  cap: z.number().positive().optional(),
  window_days: z.number().positive().optional(),
  half_life_days: z.number().positive().optional(),
  points_lost_per_week_inactive: z.number().positive().optional(),
  group: z.string().min(1).optional(),
});

const score100 = z.number().min(0).max(100);

export const ruleFileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  limits: z
    .strictObject({
      total: z.number().positive().default(100),
      fit: z.number().positive().optional(),
      engagement: z.number().positive().optional(),
    })
    .default({ total: 100 }),
  groups: z.record(z.string().min(1), z.strictObject({ limit: z.number().positive() })).default({}),
  fit: z.array(fitRule).default([]),
  disqualifiers: z.array(disqualifier).default([]),
  engagement: z.array(engagementRule).default([]),
  /** Grade letter → lowest fit score (0–100), best first, the last at 0. */
  grades: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z+-]*$/, 'a grade is letters (and + or -), e.g. A or B+'), score100)
    .default({ A: 75, B: 50, C: 25, D: 0 }),
  /** Lowest engagement score (0–100) of band 1, 2, ...; descending, the last at 0. */
  bands: z.array(score100).min(1).default([60, 30, 0]),
  /** Score cut-offs (0–100) or lists of matrix cells (A1, B2, ...); everything else is cold. */
  temperature: z
    .strictObject({
      hot: z.union([score100, z.array(z.string()).min(1)]),
      warm: z.union([score100, z.array(z.string())]),
    })
    .default({ hot: 70, warm: 40 }),
  mql: z
    .strictObject({
      min_score: score100.default(50),
      fit_grade_at_least: z.string().optional(),
      engagement_band_at_least: z.number().int().min(1).optional(),
    })
    .default({ min_score: 50 }),
  quadrants: z
    .strictObject({
      high_from: z.number().int().min(1).max(10).default(6),
      names: z
        .strictObject({
          high_pain_high_fit: z.string().min(1).default('priority'),
          high_pain_low_fit: z.string().min(1).default('qualify'),
          low_pain_high_fit: z.string().min(1).default('nurture'),
          low_pain_low_fit: z.string().min(1).default('deprioritise'),
        })
        .default({ high_pain_high_fit: 'priority', high_pain_low_fit: 'qualify', low_pain_high_fit: 'nurture', low_pain_low_fit: 'deprioritise' }),
    })
    .optional(),
});

export type RuleFile = z.infer<typeof ruleFileSchema>;
export type RuleFileFitRule = z.infer<typeof fitRule>;
export type RuleFileDisqualifier = z.infer<typeof disqualifier>;
export type RuleFileEngagementRule = z.infer<typeof engagementRule>;
export type RuleFileMatcherFields = Pick<RuleFileFitRule, (typeof MATCHER_KEYS)[number]>;
