/** Encoder parameters: the `features.*` config options that shape encoding, checked once. */
import { ConfigError } from '../../core/errors.ts';
import type { Config } from '../../data/config.ts';

export type EncoderParams = Pick<Config['features'], 'min_category_count' | 'max_categories' | 'log_skew_threshold'>;
export type OneHotParams = Pick<EncoderParams, 'min_category_count' | 'max_categories'>;
export type NumericParams = Pick<EncoderParams, 'log_skew_threshold'>;

export const defaultEncoderParams: EncoderParams = { min_category_count: 20, max_categories: 50, log_skew_threshold: 2 };

export function checkOneHotParams(params: OneHotParams): OneHotParams {
  return {
    min_category_count: positiveInteger(params.min_category_count, 'min_category_count'),
    max_categories: positiveInteger(params.max_categories, 'max_categories'),
  };
}

export function checkNumericParams(params: NumericParams): NumericParams {
  const threshold = params.log_skew_threshold;
  if (typeof threshold !== 'number' || !(threshold > 0) || !Number.isFinite(threshold)) {
    throw new ConfigError(`features.log_skew_threshold must be a positive number, got ${String(threshold)}`, {
      where: 'features.log_skew_threshold',
      received: threshold,
      expected: 'a positive number',
    });
  }
  return { log_skew_threshold: threshold };
}

export function checkEncoderParams(params: EncoderParams): EncoderParams {
  return { ...checkOneHotParams(params), ...checkNumericParams(params) };
}

function positiveInteger(value: number, key: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`features.${key} must be an integer of at least 1, got ${String(value)}`, {
      where: `features.${key}`,
      received: value,
      expected: 'an integer ≥ 1',
    });
  }
  return value;
}
