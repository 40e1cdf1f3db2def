/**
 * Top reasons for a logistic model at scoring speed. models/explain/topReasons.ts phrases one
 * lead at a time from a list of contribution objects (a sort and a few maps per lead: about
 * 10,000 leads a second), which would be most of a 1M-lead scoring run. For a linear model the
 * same reasons come from one pass over the encoded row: each column's contribution
 * w_j · (x_j − mean_j) summed into its source feature, features summed into their family
 * (models/explain/topReasons.ts), the strongest positive families picked, and only those
 * phrased (describeValue). Same reasons, same order, same words. Phrases repeat (a category, a
 * count of page views), so each feature keeps its phrases, already JSON-quoted, per category
 * code or value (a bounded cache: continuous values would never repeat). Other models (the
 * neural net) keep the general path.
 */
import type { EncodedSource } from '../../features/encoding/columnEncoder.ts';
import { featureFamily } from '../../features/engagement/describe.ts';
import type { FeatureFrame } from '../../features/frame/featureFrame.ts';
import { describeValue } from '../../models/explain/topReasons.ts';
import { findFrameColumn, type FrameColumn } from '../../features/frame/featureFrame.ts';
import type { LogisticRegressionJSON } from '../../models/logistic/LogisticRegression.ts';
import type { Matrix } from '../../models/matrix.ts';
import type { LoadedEstimator } from '../../models/registry/loadModel.ts';

export class LinearReasons {
  private readonly featureOf: Int32Array;
  private readonly familyOf: Int32Array;
  private readonly featureSum: Float64Array;
  private readonly familySum: Float64Array;
  private readonly strongest: Int32Array;
  private readonly picked: Uint8Array;

  private constructor(
    private readonly coef: Float64Array,
    private readonly means: Float64Array,
    sources: readonly EncodedSource[],
    private readonly features: string[],
  ) {
    const index = new Map(features.map((f, i) => [f, i]));
    this.featureOf = Int32Array.from(sources, (s) => index.get(s.feature)!);
    const families = [...new Set(features.map(featureFamily))];
    this.familyOf = Int32Array.from(features, (f) => families.indexOf(featureFamily(f)));
    this.featureSum = new Float64Array(features.length);
    this.familySum = new Float64Array(families.length);
    this.strongest = new Int32Array(families.length);
    this.picked = new Uint8Array(families.length);
  }

  /** The fast path for a fitted logistic regression; null for any other model. */
  static of(model: LoadedEstimator, sources: readonly EncodedSource[]): LinearReasons | null {
    if (model.kind !== 'logistic-regression') return null;
    const json = model.toJSON() as LogisticRegressionJSON;
    if (json.coef.length !== sources.length || json.means.length !== sources.length) return null;
    const features = [...new Set(sources.map((s) => s.feature))];
    return new LinearReasons(Float64Array.from(json.coef), Float64Array.from(json.means), sources, features);
  }

  /** Row `row` of `X` (frame row `frameRow`): its `top` reasons as a JSON array of strings. */
  explain(X: Matrix, row: number, frame: FeatureFrame, frameRow: number, top: number): string {
    const { coef, means, featureOf, familyOf, featureSum, familySum, strongest, picked, features } = this;
    const cols = X.cols;
    const data = X.data;
    const off = row * cols;
    featureSum.fill(0);
    for (let j = 0; j < cols; j++) featureSum[featureOf[j]] += coef[j] * (data[off + j] - means[j]);
    familySum.fill(0);
    strongest.fill(-1);
    picked.fill(0);
    for (let f = 0; f < features.length; f++) {
      const family = familyOf[f];
      familySum[family] += featureSum[f];
      if (strongest[family] < 0 || featureSum[f] > featureSum[strongest[family]]) strongest[family] = f;
    }
    const phrase = this.phrasesFor(frame);
    let json = '[';
    for (let k = 0; k < top; k++) {
      let best = -1;
      for (let g = 0; g < familySum.length; g++) {
        if (picked[g] || !(familySum[g] > 0)) continue;
        if (best < 0 || familySum[g] > familySum[best] || (familySum[g] === familySum[best] && features[strongest[g]] < features[strongest[best]])) best = g;
      }
      if (best < 0) break;
      picked[best] = 1;
      json += (k === 0 ? '' : ',') + phrase[strongest[best]](frameRow);
    }
    return json + ']';
  }

  private phrasedFrame: FeatureFrame | null = null;
  private phrases: Array<(row: number) => string> = [];

  /** Per feature: the JSON-quoted phrase of a frame row's value (describeValue), cached. */
  private phrasesFor(frame: FeatureFrame): Array<(row: number) => string> {
    if (this.phrasedFrame === frame) return this.phrases;
    this.phrasedFrame = frame;
    this.phrases = this.features.map((feature) => {
      const column: FrameColumn | undefined = findFrameColumn(frame, feature);
      const say = (row: number) => JSON.stringify(describeValue(frame, feature, row));
      if (!column) {
        const text = say(0);
        return () => text;
      }
      if (column.kind === 'categorical') {
        const byCode = new Array<string | undefined>(column.dictionary.length + 1);
        return (row) => {
          const slot = column.codes[row] < 0 ? column.dictionary.length : column.codes[row];
          return (byCode[slot] ??= say(row));
        };
      }
      const byValue = new Map<number, string>();
      return (row) => {
        const value = column.values[row];
        let text = byValue.get(value);
        if (text === undefined) {
          text = say(row);
          if (byValue.size < phraseCacheSize) byValue.set(value, text);
        }
        return text;
      };
    });
    return this.phrases;
  }
}

/** Distinct values remembered per numeric feature. */
const phraseCacheSize = 4096;
