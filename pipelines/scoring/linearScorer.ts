/**
 * A logistic regression scored straight from the feature frame, without the dense encoded
 * matrix. FrameEncoder.transformRows writes every encoded column of every lead (about 125 at
 * the benchmark's 40 features, nearly all of them one-hot zeros) and predictProba reads them all
 * back: 1 GB written and read again per million leads, most of the time of a scoring pass. Here
 * each feature adds only its non-zero terms: a categorical its one active column
 * (OneHotEncoder.slotsOf), a numeric its value and missing indicator, written by the encoder's
 * own RowWriter into a small buffer so the encoded values are the encoder's to the bit. The
 * terms go to margin's partial sums in margin's order (marginLane, sumLanes), so probabilities
 * equal predictProba's bit for bit.
 *
 * The same pass gives each feature's contribution to the log-odds against the training mean,
 * Σ w_j·(x_j − mean_j) over the feature's columns in column order, as
 * LogisticRegression.contributions and topReasons add them up: for a one-hot feature that is a
 * constant per active column, computed once. linearReasons.ts phrases them.
 */
import type { RowWriter } from '../../features/encoding/columnEncoder.ts';
import type { FrameEncoder } from '../../features/encoding/frameEncoder.ts';
import { NumericEncoder } from '../../features/encoding/numericEncoder.ts';
import { OneHotEncoder } from '../../features/encoding/oneHotEncoder.ts';
import { checkRowRange } from '../../features/encoding/writeMatrix.ts';
import type { FeatureFrame } from '../../features/frame/featureFrame.ts';
import { LogisticRegression } from '../../models/logistic/LogisticRegression.ts';
import { marginLane, sigmoid, sumLanes } from '../../models/logistic/margin.ts';
import type { LoadedEstimator } from '../../models/registry/loadModel.ts';

/**
 * Frame rows [start, end) of one feature: its terms added to `lanes` (4 per row) and, when
 * `contributions` is given, its contribution written at `contributions[r * stride + feature]`
 * for the r-th row of the range.
 */
type FeaturePass = (start: number, end: number, lanes: Float64Array, contributions: Float64Array | null, stride: number) => void;

/** Scores frame rows [start, end): raw probabilities from `probability[0]` on, contributions as for FeaturePass. */
export type BoundLinearScorer = (start: number, end: number, probability: Float64Array, contributions: Float64Array | null) => void;

export class LinearScorer {
  /** The encoded features, in encoder order: the columns of `contributions`. */
  readonly features: readonly string[];

  private constructor(
    private readonly encoder: FrameEncoder,
    /** [w…, b], as the model's margin reads it. */
    private readonly beta: Float64Array,
    private readonly means: Float64Array,
  ) {
    this.features = encoder.featureEncoders.map((e) => e.feature);
  }

  /** The fast path for a fitted logistic regression on this encoder's columns; null otherwise. */
  static of(model: LoadedEstimator, encoder: FrameEncoder): LinearScorer | null {
    if (!(model instanceof LogisticRegression) || !model.fitted) return null;
    const names = encoder.featureNames;
    // A model that does not fit the encoder takes the general path, which reports the mismatch.
    if (model.columns.length !== names.length || model.columns.some((c, j) => c !== names[j])) return null;
    // Only encoders this scorer can read sparsely; any other takes the general path.
    const known = (e: FrameEncoder['featureEncoders'][number]) =>
      e instanceof OneHotEncoder || (e instanceof NumericEncoder && e.featureNames.length <= 2);
    if (!encoder.featureEncoders.every(known)) return null;
    const beta = new Float64Array(names.length + 1);
    beta.set(model.coef);
    beta[names.length] = model.intercept;
    return new LinearScorer(encoder, beta, model.means);
  }

  /**
   * Checks `frame` has every feature (as FrameEncoder.transformRows does) and prepares scoring
   * its rows, at most `maxRows` per call.
   */
  bind(frame: FeatureFrame, maxRows: number): BoundLinearScorer {
    const { beta, means } = this;
    const cols = beta.length - 1;
    const intercept = beta[cols];
    const stride = this.features.length;
    const passes: FeaturePass[] = [];
    let j0 = 0;
    for (const [f, encoder] of this.encoder.featureEncoders.entries()) {
      const width = encoder.featureNames.length;
      passes.push(
        encoder instanceof OneHotEncoder
          ? oneHotPass(encoder.slotsOf(frame), j0, width, cols, beta, means, f)
          : numericPass(encoder.bind(frame), j0, width, cols, beta, means, f, maxRows),
      );
      j0 += width;
    }
    const lanes = new Float64Array(4 * maxRows);
    return (start, end, probability, contributions) => {
      checkRowRange(start, end, frame.rows);
      const rows = end - start;
      if (rows > maxRows) throw new RangeError(`linear scorer bound for ${maxRows} rows at a time, asked for ${rows}`);
      lanes.fill(0, 0, 4 * rows);
      for (let r = 0; r < rows; r++) lanes[4 * r] = intercept;
      for (const pass of passes) pass(start, end, lanes, contributions, stride);
      for (let r = 0, l = 0; r < rows; r++, l += 4) probability[r] = sigmoid(sumLanes(lanes[l], lanes[l + 1], lanes[l + 2], lanes[l + 3]));
    };
  }
}

/** A one-hot feature: one term per row, its active column's weight (x = 1). */
function oneHotPass(
  { codes, slots }: { codes: Int32Array; slots: Int32Array },
  j0: number,
  width: number,
  cols: number,
  beta: Float64Array,
  means: Float64Array,
  f: number,
): FeaturePass {
  // Per frame code (code + 1, 0 = missing): the lane and weight of its column, and the
  // feature's contribution, summed over all its columns in order exactly as a dense row would.
  const laneOf = new Int32Array(slots.length);
  const weightOf = new Float64Array(slots.length);
  const contributionOf = new Float64Array(slots.length);
  for (let k = 0; k < slots.length; k++) {
    const slot = slots[k];
    laneOf[k] = marginLane(j0 + slot, cols);
    weightOf[k] = beta[j0 + slot];
    let sum = 0;
    for (let c = 0; c < width; c++) sum += beta[j0 + c] * ((c === slot ? 1 : 0) - means[j0 + c]);
    contributionOf[k] = sum;
  }
  return (start, end, lanes, contributions, stride) => {
    for (let i = start, r = 0, p = f; i < end; i++, r++, p += stride) {
      const k = codes[i] + 1;
      lanes[4 * r + laneOf[k]] += weightOf[k];
      if (contributions) contributions[p] = contributionOf[k];
    }
  };
}

/** A numeric feature: its value column and, when it has one, its missing indicator. */
function numericPass(
  write: RowWriter,
  j0: number,
  width: number,
  cols: number,
  beta: Float64Array,
  means: Float64Array,
  f: number,
  maxRows: number,
): FeaturePass {
  const buffer = new Float64Array(width * maxRows);
  const lane = marginLane(j0, cols);
  const w = beta[j0];
  const mean = means[j0];
  if (width === 1) {
    return (start, end, lanes, contributions, stride) => {
      buffer.fill(0, 0, end - start);
      write(buffer, 1, -start, start, end);
      if (!contributions) {
        for (let r = 0; r < end - start; r++) lanes[4 * r + lane] += buffer[r] * w;
        return;
      }
      for (let r = 0, p = f; r < end - start; r++, p += stride) {
        const x = buffer[r];
        lanes[4 * r + lane] += x * w;
        contributions[p] = 0 + w * (x - mean);
      }
    };
  }
  const missingLane = marginLane(j0 + 1, cols);
  const missingW = beta[j0 + 1];
  const missingMean = means[j0 + 1];
  return (start, end, lanes, contributions, stride) => {
    buffer.fill(0, 0, 2 * (end - start));
    write(buffer, 2, -2 * start, start, end);
    for (let r = 0, p = f; r < end - start; r++, p += stride) {
      const x = buffer[2 * r];
      const missing = buffer[2 * r + 1];
      lanes[4 * r + lane] += x * w;
      lanes[4 * r + missingLane] += missing * missingW;
      if (contributions) contributions[p] = 0 + w * (x - mean) + missingW * (missing - missingMean);
    }
  };
}
