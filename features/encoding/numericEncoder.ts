/**
 * Encoding of a numeric feature, learned from training rows:
 *
 * 1. Missing: NaN and ±Infinity are missing. A `<feature>:missing` column (1 = missing) is added
 *    only when the training rows had missing values.
 * 2. Log rule: when the training values are all ≥ 0 and their skewness (Fisher-Pearson, the
 *    population moment ratio m3 / m2^1.5, as scipy.stats.skew) is above `log_skew_threshold`,
 *    the feature is encoded as log1p(x). Counts and amounts with a long right tail then spread
 *    over the scale instead of a few leads dominating it. A negative value at scoring time on a
 *    logged feature is taken as 0 (the training minimum was ≥ 0).
 * 3. Standardise: (t(x) − mean) / std with the mean and population std of t(x) over the training
 *    rows' present values. A missing value is imputed with the training mean, i.e. encodes as
 *    exactly 0, and the indicator column carries the fact that it was missing. (Unlike
 *    scikit-learn's SimpleImputer → StandardScaler, the imputed rows do not shrink the std.)
 *    A constant feature (std 0, or negligible next to the mean) encodes as 0 everywhere.
 */
import { z } from 'zod';
import { NotFittedError } from '../../core/errors.ts';
import type { Matrix } from '../../models/matrix.ts';
import type { FeatureFrame } from '../frame/featureFrame.ts';
import {
  invalidEncoderState,
  requireColumn,
  trainingRows,
  type ColumnEncoder,
  type EncodedSource,
  type RowWriter,
} from './columnEncoder.ts';
import { checkNumericParams, type NumericParams } from './encoderParams.ts';
import { uniqueNames } from './uniqueNames.ts';
import { writeMatrix } from './writeMatrix.ts';

export const MISSING_SUFFIX = ':missing';

/**
 * log1p of 0 … 4095. Logged features are mostly counts, and a table read costs half a
 * Math.log1p call; the values are Math.log1p's own, so results do not change.
 */
const smallLog1p = Float64Array.from({ length: 4096 }, (_, k) => Math.log1p(k));

/** log1p of x, taking a negative x as 0 (see the log rule above). */
function log1pClamped(x: number): number {
  if (!(x > 0)) return 0;
  const k = x | 0;
  return k === x && k < smallLog1p.length ? smallLog1p[k] : Math.log1p(x);
}

interface NumericState {
  /** Whether log1p is applied before standardising. */
  log: boolean;
  /** Mean of the (logged) training values: the imputed value and the centre. */
  mean: number;
  /** Population std of the (logged) training values; 0 = constant feature. */
  std: number;
  /** Whether a `:missing` indicator column exists. */
  missingIndicator: boolean;
  /** Facts about the training values, for reports: present and missing rows, raw skewness. */
  present: number;
  missing: number;
  skewness: number;
}

const finiteNumber = z.number().refine(Number.isFinite, 'must be finite');

const stateSchema = z.strictObject({
  type: z.literal('numeric'),
  feature: z.string(),
  params: z.strictObject({ log_skew_threshold: z.number() }),
  log: z.boolean(),
  mean: finiteNumber,
  std: finiteNumber.refine((s) => s >= 0, 'must be ≥ 0'),
  missingIndicator: z.boolean(),
  present: z.number().int().min(0),
  missing: z.number().int().min(0),
  skewness: finiteNumber,
});

export type NumericEncoderJSON = z.infer<typeof stateSchema>;

export class NumericEncoder implements ColumnEncoder {
  readonly kind = 'numeric' as const;
  readonly feature: string;
  readonly params: NumericParams;
  private state: NumericState | null = null;
  private names: string[] = [];

  constructor(feature: string, params: NumericParams) {
    this.feature = feature;
    this.params = checkNumericParams(params);
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  get featureNames(): readonly string[] {
    this.fittedState();
    return this.names;
  }

  get sources(): readonly EncodedSource[] {
    const state = this.fittedState();
    const base = { feature: this.feature, kind: this.kind };
    return state.missingIndicator ? [{ ...base, role: 'value' }, { ...base, role: 'missing' }] : [{ ...base, role: 'value' }];
  }

  /** Whether the log rule applies to this feature. */
  get log(): boolean {
    return this.fittedState().log;
  }

  /** Centre and scale of the standardisation, in the (logged) encoded scale. */
  get scaling(): { mean: number; std: number } {
    const { mean, std } = this.fittedState();
    return { mean, std };
  }

  fit(frame: FeatureFrame, rowIndices?: ArrayLike<number>): this {
    const { values } = requireColumn(frame, this.feature, 'numeric');
    const rows = trainingRows(frame, rowIndices);

    let present = 0;
    let sum = 0;
    let min = Infinity;
    for (let k = 0; k < rows.length; k++) {
      const x = values[rows[k]];
      if (!Number.isFinite(x)) continue;
      present++;
      sum += x;
      if (x < min) min = x;
    }
    const rawMean = present ? sum / present : 0;
    let m2 = 0;
    let m3 = 0;
    for (let k = 0; k < rows.length; k++) {
      const x = values[rows[k]];
      if (!Number.isFinite(x)) continue;
      const d = x - rawMean;
      m2 += d * d;
      m3 += d * d * d;
    }
    m2 /= present || 1;
    m3 /= present || 1;
    const skewness = present >= 3 && m2 > 0 ? finiteOr(m3 / m2 ** 1.5, 0) : 0;
    const log = present > 0 && min >= 0 && skewness > this.params.log_skew_threshold;

    let mean = rawMean;
    let variance = m2;
    if (log) {
      let logSum = 0;
      for (let k = 0; k < rows.length; k++) {
        const x = values[rows[k]];
        if (Number.isFinite(x)) logSum += Math.log1p(x);
      }
      mean = logSum / present;
      let squares = 0;
      for (let k = 0; k < rows.length; k++) {
        const x = values[rows[k]];
        if (Number.isFinite(x)) squares += (Math.log1p(x) - mean) ** 2;
      }
      variance = squares / present;
    }
    mean = finiteOr(mean, 0);
    let std = finiteOr(Math.sqrt(variance), 0);
    // Floating-point noise on a constant column is not spread worth scaling up.
    if (std <= 1e-12 * Math.max(1, Math.abs(mean))) std = 0;

    const missing = rows.length - present;
    this.setState({ log, mean, std, missingIndicator: missing > 0, present, missing, skewness });
    return this;
  }

  bind(frame: FeatureFrame): RowWriter {
    const { log, mean, std, missingIndicator } = this.fittedState();
    const { values } = requireColumn(frame, this.feature, 'numeric');
    const scale = std > 0 ? 1 / std : 0;
    // Four loops instead of per-value branching on log and indicator: this is the hot path.
    // `x - x === 0` is the finiteness test without a call (NaN and ±Infinity give NaN).
    if (log && missingIndicator) {
      return (out, stride, base, start, end) => {
        for (let i = start; i < end; i++) {
          const x = values[i];
          const p = i * stride + base;
          if (x - x === 0) out[p] = (log1pClamped(x) - mean) * scale;
          else out[p + 1] = 1;
        }
      };
    }
    if (log) {
      return (out, stride, base, start, end) => {
        for (let i = start; i < end; i++) {
          const x = values[i];
          if (x - x === 0) out[i * stride + base] = (log1pClamped(x) - mean) * scale;
        }
      };
    }
    if (missingIndicator) {
      return (out, stride, base, start, end) => {
        for (let i = start; i < end; i++) {
          const x = values[i];
          const p = i * stride + base;
          if (x - x === 0) out[p] = (x - mean) * scale;
          else out[p + 1] = 1;
        }
      };
    }
    return (out, stride, base, start, end) => {
      for (let i = start; i < end; i++) {
        const x = values[i];
        if (x - x === 0) out[i * stride + base] = (x - mean) * scale;
      }
    };
  }

  transform(frame: FeatureFrame): Matrix {
    return writeMatrix(this.featureNames, [{ writer: this.bind(frame), offset: 0 }], { start: 0, end: frame.rows });
  }

  toJSON(): NumericEncoderJSON {
    return { type: 'numeric', feature: this.feature, params: { ...this.params }, ...this.fittedState() };
  }

  static fromJSON(json: unknown): NumericEncoder {
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw invalidEncoderState('numeric encoder', z.prettifyError(parsed.error));
    const { feature, params, type: _type, ...state } = parsed.data;
    const encoder = new NumericEncoder(feature, params);
    encoder.setState(state);
    return encoder;
  }

  private setState(state: NumericState): void {
    this.state = state;
    this.names = uniqueNames(state.missingIndicator ? [this.feature, this.feature + MISSING_SUFFIX] : [this.feature]);
  }

  private fittedState(): NumericState {
    if (!this.state) throw new NotFittedError(`numeric encoder for "${this.feature}"`);
    return this.state;
  }
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}
