/**
 * One-hot encoding of a categorical feature, learned from training rows:
 *
 * - a category seen on at least `min_category_count` training rows gets its own column
 *   `<feature>=<category>`, at most `max_categories` of them (most frequent first, ties by name);
 * - every other category (rare at fit time, or never seen) goes to `<feature>=(other)`, which
 *   always exists so that new categories at scoring time have somewhere to go;
 * - a missing value gets `<feature>=(missing)` when the training rows had missing values; when
 *   they had none, a missing value at scoring time is just another unseen value: `(other)`.
 *
 * Categories are matched by their text, never by code: a frame read at scoring time numbers its
 * categories its own way.
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
import { checkOneHotParams, type OneHotParams } from './encoderParams.ts';
import { uniqueNames } from './uniqueNames.ts';
import { writeMatrix } from './writeMatrix.ts';

export const OTHER_LABEL = '(other)';
export const MISSING_LABEL = '(missing)';

interface OneHotState {
  /** Categories with their own column, in column order. */
  categories: string[];
  /** Training rows per category, aligned with `categories`. */
  counts: number[];
  /** Training rows that went to `(other)`. */
  otherCount: number;
  /** Training rows with a missing value; a `(missing)` column exists when this is above 0. */
  missingCount: number;
}

const stateSchema = z.strictObject({
  type: z.literal('one-hot'),
  feature: z.string(),
  params: z.strictObject({ min_category_count: z.number(), max_categories: z.number() }),
  categories: z.array(z.string()),
  counts: z.array(z.number().int().min(0)),
  otherCount: z.number().int().min(0),
  missingCount: z.number().int().min(0),
});

export type OneHotEncoderJSON = z.infer<typeof stateSchema>;

export class OneHotEncoder implements ColumnEncoder {
  readonly kind = 'categorical' as const;
  readonly feature: string;
  readonly params: OneHotParams;
  private state: OneHotState | null = null;
  private names: string[] = [];

  constructor(feature: string, params: OneHotParams) {
    this.feature = feature;
    this.params = checkOneHotParams(params);
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
    const sources: EncodedSource[] = state.categories.map((value) => ({ ...base, role: 'category', value }));
    sources.push({ ...base, role: 'other' });
    if (state.missingCount > 0) sources.push({ ...base, role: 'missing' });
    return sources;
  }

  /** The categories that got their own column, in column order. */
  get categories(): readonly string[] {
    return this.fittedState().categories;
  }

  fit(frame: FeatureFrame, rowIndices?: ArrayLike<number>): this {
    const column = requireColumn(frame, this.feature, 'categorical');
    const rows = trainingRows(frame, rowIndices);
    const byCode = new Float64Array(column.dictionary.length);
    let missingCount = 0;
    for (let k = 0; k < rows.length; k++) {
      const code = column.codes[rows[k]];
      if (code < 0) missingCount++;
      else byCode[code]++;
    }
    // Counted by text as well as by code: a hand-built dictionary may list a category twice.
    const byValue = new Map<string, number>();
    for (let code = 0; code < byCode.length; code++) {
      if (byCode[code] > 0) byValue.set(column.dictionary[code], (byValue.get(column.dictionary[code]) ?? 0) + byCode[code]);
    }
    const ranked = [...byValue].sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0));
    const kept = ranked.filter(([, count]) => count >= this.params.min_category_count).slice(0, this.params.max_categories);
    const keptTotal = kept.reduce((sum, [, count]) => sum + count, 0);
    this.setState({
      categories: kept.map(([value]) => value),
      counts: kept.map(([, count]) => count),
      otherCount: rows.length - missingCount - keptTotal,
      missingCount,
    });
    return this;
  }

  /**
   * The encoded column (within this encoder's columns) that holds the 1 for each row of `frame`:
   * `slots[codes[i] + 1]`, where slots[0] is that of a missing value (code -1). bind writes
   * through it; a sparse reader (the linear scorer) uses it directly instead of scanning zeros.
   */
  slotsOf(frame: FeatureFrame): { codes: Int32Array; slots: Int32Array } {
    const state = this.fittedState();
    const column = requireColumn(frame, this.feature, 'categorical');
    const otherSlot = state.categories.length;
    const missingSlot = state.missingCount > 0 ? otherSlot + 1 : otherSlot;
    const slotOf = new Map(state.categories.map((value, slot) => [value, slot]));
    const slots = new Int32Array(column.dictionary.length + 1);
    slots[0] = missingSlot;
    for (let code = 0; code < column.dictionary.length; code++) slots[code + 1] = slotOf.get(column.dictionary[code]) ?? otherSlot;
    return { codes: column.codes, slots };
  }

  bind(frame: FeatureFrame): RowWriter {
    const { codes, slots } = this.slotsOf(frame);
    return (out, stride, base, start, end) => {
      for (let i = start; i < end; i++) out[i * stride + base + slots[codes[i] + 1]] = 1;
    };
  }

  transform(frame: FeatureFrame): Matrix {
    return writeMatrix(this.featureNames, [{ writer: this.bind(frame), offset: 0 }], { start: 0, end: frame.rows });
  }

  toJSON(): OneHotEncoderJSON {
    const state = this.fittedState();
    return { type: 'one-hot', feature: this.feature, params: { ...this.params }, ...state };
  }

  static fromJSON(json: unknown): OneHotEncoder {
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw invalidEncoderState('one-hot encoder', z.prettifyError(parsed.error));
    const { feature, params, type: _type, ...state } = parsed.data;
    if (state.counts.length !== state.categories.length) {
      throw invalidEncoderState('one-hot encoder', `${state.categories.length} categories but ${state.counts.length} counts`);
    }
    const encoder = new OneHotEncoder(feature, params);
    encoder.setState(state);
    return encoder;
  }

  private setState(state: OneHotState): void {
    this.state = state;
    const names = state.categories.map((value) => `${this.feature}=${value}`);
    names.push(`${this.feature}=${OTHER_LABEL}`);
    if (state.missingCount > 0) names.push(`${this.feature}=${MISSING_LABEL}`);
    this.names = uniqueNames(names);
  }

  private fittedState(): OneHotState {
    if (!this.state) throw new NotFittedError(`one-hot encoder for "${this.feature}"`);
    return this.state;
  }
}
