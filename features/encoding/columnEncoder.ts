/**
 * The surface every encoder shares (scikit-learn style): the constructor stores validated
 * parameters, `fit` learns from training rows only, `transform` applies that state unchanged to
 * any frame (training, holdout or scoring), and `toJSON` / `fromJSON` round-trip it so the
 * encoder can be saved with the model.
 */
import { LeadscoreError } from '../../core/errors.ts';
import type { Matrix } from '../../models/matrix.ts';
import type { FeatureFrame, FeatureKind, FrameColumn } from '../frame/featureFrame.ts';
import { findFrameColumn } from '../frame/featureFrame.ts';
import { checkRowIndices } from '../frame/takeFrameRows.ts';

/** What an encoded column stands for, in the user's terms ("job_title = VP"). */
export interface EncodedSource {
  /** The source feature. */
  feature: string;
  kind: FeatureKind;
  /**
   * `value`: the standardised numeric value; `missing`: 1 when the feature is missing;
   * `category`: 1 when the feature equals `value`; `other`: 1 for a rare or unseen category.
   */
  role: 'value' | 'missing' | 'category' | 'other';
  /** The category, for role `category`. */
  value?: string;
}

/**
 * Writes an encoder's columns for frame rows [start, end) into a row-major buffer: column k of
 * frame row i goes to `out[i * stride + base + k]` (`base` folds in the encoder's first column
 * and the buffer's first row, so it can be negative). The buffer is zero there beforehand, so
 * sparse encoders write only their non-zeros.
 */
export type RowWriter = (out: Float64Array, stride: number, base: number, start: number, end: number) => void;

export interface ColumnEncoder {
  readonly kind: FeatureKind;
  /** The frame column this encoder reads. */
  readonly feature: string;
  readonly fitted: boolean;
  /** Names of the encoded columns, in order. Throws NotFittedError before fit. */
  readonly featureNames: readonly string[];
  /** One source per encoded column. Throws NotFittedError before fit. */
  readonly sources: readonly EncodedSource[];
  fit(frame: FeatureFrame, rowIndices?: ArrayLike<number>): this;
  transform(frame: FeatureFrame): Matrix;
  /** Checks `frame` and prepares writing its rows (the fast path FrameEncoder composes). */
  bind(frame: FeatureFrame): RowWriter;
  toJSON(): unknown;
}

/** The training rows: `rowIndices` checked, or every row of the frame. */
export function trainingRows(frame: FeatureFrame, rowIndices: ArrayLike<number> | undefined): ArrayLike<number> {
  if (rowIndices === undefined) {
    const all = new Int32Array(frame.rows);
    for (let i = 0; i < all.length; i++) all[i] = i;
    return all;
  }
  checkRowIndices(rowIndices, frame.rows);
  return rowIndices;
}

/** The column an encoder was fitted on; a model error when the frame lacks it or it changed kind. */
export function requireColumn<K extends FeatureKind>(frame: FeatureFrame, name: string, kind: K): Extract<FrameColumn, { kind: K }> {
  const column = findFrameColumn(frame, name);
  if (!column) {
    throw new LeadscoreError('model', `feature "${name}" is not in the data, but the model was trained with it`, {
      where: name,
      expected: `a ${kind} column "${name}"`,
      hint: 'score data with the same features the model was trained on, or retrain',
    });
  }
  if (column.kind !== kind) {
    throw new LeadscoreError('model', `feature "${name}" is ${column.kind} in the data, but the model was trained with it as ${kind}`, {
      where: name,
      received: column.kind,
      expected: kind,
      hint: 'keep the attribute types (sources.leads.attributes.numeric / categorical) the model was trained with, or retrain',
    });
  }
  return column as Extract<FrameColumn, { kind: K }>;
}

/** Parses saved encoder state; anything malformed is a model error (a damaged or foreign artifact). */
export function invalidEncoderState(what: string, issues: string): LeadscoreError {
  return new LeadscoreError('model', `saved ${what} state is not valid: ${issues}`, {
    hint: 'the model artifact is damaged or from another version; retrain',
  });
}
