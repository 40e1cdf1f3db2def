/**
 * Encodes every feature column of a frame: one-hot for categoricals, log/standardise for
 * numerics. The single object saved with the model, so scoring applies exactly the encoding the
 * model was trained on. It also maps each encoded column back to its feature and category, so
 * explanations can speak in the user's terms ("job_title = VP") rather than column names.
 */
import { z } from 'zod';
import { InputError, NotFittedError } from '../../core/errors.ts';
import type { Matrix } from '../../models/matrix.ts';
import type { FeatureColumn, FeatureFrame } from '../frame/featureFrame.ts';
import { invalidEncoderState, trainingRows, type EncodedSource } from './columnEncoder.ts';
import { checkEncoderParams, type EncoderParams } from './encoderParams.ts';
import { NumericEncoder } from './numericEncoder.ts';
import { OneHotEncoder } from './oneHotEncoder.ts';
import { uniqueNames } from './uniqueNames.ts';
import { checkRowRange, writeMatrix } from './writeMatrix.ts';
import { findDuplicateColumns, type DuplicateColumn } from './duplicateColumns.ts';

/** The encoder of one feature. */
export type FeatureEncoder = NumericEncoder | OneHotEncoder;

const stateSchema = z.strictObject({
  type: z.literal('frame'),
  version: z.literal(1),
  params: z.strictObject({ min_category_count: z.number(), max_categories: z.number(), log_skew_threshold: z.number() }),
  encoders: z.array(z.looseObject({ type: z.enum(['numeric', 'one-hot']) })),
  /** Features left out because they copied an earlier one on the training rows (absent in older artifacts). */
  dropped: z.array(z.strictObject({ feature: z.string(), duplicateOf: z.string() })).default([]),
});

export interface FrameEncoderJSON {
  type: 'frame';
  version: 1;
  params: EncoderParams;
  encoders: Array<ReturnType<FeatureEncoder['toJSON']>>;
  dropped: DuplicateColumn[];
}

export class FrameEncoder {
  readonly kind = 'frame' as const;
  readonly params: EncoderParams;
  private encoders: FeatureEncoder[] | null = null;
  private names: string[] = [];
  private columnSources: EncodedSource[] = [];
  private sourceByName = new Map<string, EncodedSource>();
  /** Features not encoded because they copied an earlier one on the training rows. */
  dropped: DuplicateColumn[] = [];

  constructor(params: EncoderParams) {
    this.params = checkEncoderParams(params);
  }

  get fitted(): boolean {
    return this.encoders !== null;
  }

  /** The features encoded, in order. */
  get features(): FeatureColumn[] {
    return this.fittedEncoders().map((encoder) => ({ name: encoder.feature, kind: encoder.kind }));
  }

  /** Encoded column names, in matrix order. */
  get featureNames(): readonly string[] {
    this.fittedEncoders();
    return this.names;
  }

  /** One source per encoded column, aligned with featureNames. */
  get sources(): readonly EncodedSource[] {
    this.fittedEncoders();
    return this.columnSources;
  }

  /** The per-feature encoders, in feature order, for reports (logged features, kept categories). */
  get featureEncoders(): readonly FeatureEncoder[] {
    return this.fittedEncoders();
  }

  /** The feature (and category) an encoded column stands for; undefined for a name it never produced. */
  sourceOf(encodedName: string): EncodedSource | undefined {
    this.fittedEncoders();
    return this.sourceByName.get(encodedName);
  }

  /** Learns the encoding of every feature column of `frame` from the rows at `rowIndices` (default: all). */
  fit(frame: FeatureFrame, rowIndices?: ArrayLike<number>): this {
    const repeated = repeatedName(frame.columns.map((column) => column.name));
    if (repeated !== undefined) throw new InputError(`frame has two columns named "${repeated}"`, { where: repeated });
    const rows = trainingRows(frame, rowIndices);
    this.dropped = findDuplicateColumns(frame, rows);
    const skip = new Set(this.dropped.map((d) => d.feature));
    const encoders = frame.columns.filter((column) => !skip.has(column.name)).map((column) =>
      column.kind === 'numeric'
        ? new NumericEncoder(column.name, this.params).fit(frame, rows)
        : new OneHotEncoder(column.name, this.params).fit(frame, rows),
    );
    this.setEncoders(encoders);
    return this;
  }

  /**
   * The encoded matrix of every row of `frame`. Columns are found by name, so the frame may
   * order them differently or carry extra ones; a feature the encoder was fitted on must be there.
   */
  transform(frame: FeatureFrame): Matrix {
    return this.transformRows(frame, 0, frame.rows);
  }

  /**
   * The encoded matrix of frame rows [start, end), written into `out` when given: scoring a large
   * frame batch by batch through one reused buffer keeps memory flat and skips the cost of
   * fresh memory (see RowRange). The result views `out`: use it before the next batch.
   */
  transformRows(frame: FeatureFrame, start: number, end: number, out?: Float64Array): Matrix {
    const encoders = this.fittedEncoders();
    checkRowRange(start, end, frame.rows);
    let offset = 0;
    const parts = encoders.map((encoder) => {
      const part = { writer: encoder.bind(frame), offset };
      offset += encoder.featureNames.length;
      return part;
    });
    return writeMatrix(this.names, parts, { start, end, out });
  }

  toJSON(): FrameEncoderJSON {
    return {
      type: 'frame',
      version: 1,
      params: { ...this.params },
      encoders: this.fittedEncoders().map((encoder) => encoder.toJSON()),
      dropped: this.dropped.map((d) => ({ ...d })),
    };
  }

  static fromJSON(json: unknown): FrameEncoder {
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw invalidEncoderState('frame encoder', z.prettifyError(parsed.error));
    const encoders = parsed.data.encoders.map((state) =>
      state.type === 'numeric' ? NumericEncoder.fromJSON(state) : OneHotEncoder.fromJSON(state),
    );
    const repeated = repeatedName(encoders.map((e) => e.feature));
    if (repeated !== undefined) throw invalidEncoderState('frame encoder', `feature "${repeated}" is encoded twice`);
    const encoder = new FrameEncoder(parsed.data.params);
    encoder.setEncoders(encoders);
    encoder.dropped = parsed.data.dropped;
    return encoder;
  }

  private setEncoders(encoders: FeatureEncoder[]): void {
    this.encoders = encoders;
    this.names = uniqueNames(encoders.flatMap((encoder) => encoder.featureNames));
    this.columnSources = encoders.flatMap((encoder) => encoder.sources);
    this.sourceByName = new Map(this.names.map((name, j) => [name, this.columnSources[j]]));
  }

  private fittedEncoders(): FeatureEncoder[] {
    if (!this.encoders) throw new NotFittedError('frame encoder');
    return this.encoders;
  }
}

function repeatedName(names: string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}
