/**
 * The training-set file: Apache Arrow IPC, file format (readable by pyarrow, polars, DuckDB's
 * arrow extension). One row per lead, columns:
 *
 * - `lead_id`: Utf8, never null;
 * - `created_at`, `snapshot_at`: Timestamp(ms, no time zone), null when the frame has NaN; values
 *   are whole milliseconds (the frame's epoch ms are rounded);
 * - `label`: Int8, 1 / 0, null = unlabelled (so other tools do not take -1 for a class);
 * - numeric features: Float64, null = missing;
 * - categorical features: Dictionary<Utf8, Int32>, null = missing; the dictionary is the frame's,
 *   in the frame's order, so codes round-trip unchanged.
 *
 * Schema metadata key `leadscore` holds a JSON header: feature names and kinds (so a reader does
 * not guess which columns are features) and the caller's metadata.
 */
import { z } from 'zod';

export const metadataKey = 'leadscore';
export const formatName = 'leadscore-training-set';
export const formatVersion = 1;

/** Rows per record batch: big enough to amortise per-batch overhead, small enough to stream. */
export const batchRows = 65_536;

export const headerSchema = z.strictObject({
  format: z.literal(formatName),
  version: z.literal(formatVersion),
  features: z.array(z.strictObject({ name: z.string(), kind: z.enum(['numeric', 'categorical']) })),
  metadata: z.record(z.string(), z.unknown()),
});

export type TrainingSetHeader = z.infer<typeof headerSchema>;
