/**
 * The training-set file: Apache Arrow IPC, file format (readable by pyarrow, polars, DuckDB's
 * arrow extension). One row per lead, columns:
 *
 * - `lead_id`: Utf8, never null;
 * - `created_at`, `snapshot_at`: Timestamp(ms, no time zone), null when the frame has NaN; values
 *   are whole milliseconds (the frame's epoch ms are rounded);
 * - `label`: Int8, 1 / 0, null = unlabelled (so other tools do not take -1 for a class);
 * - numeric features: the narrowest of Int8, Int16 and Int32 that holds every value of the column
 *   exactly (counts, sizes, whole amounts), else Float64; null = missing. At a million leads most
 *   features are small counts, and storing them as Float64 made the file three times the size and
 *   its write the slowest part of `leadscore features` after the SQL;
 * - categorical features: Dictionary<Utf8, Int8 | Int16 | Int32> (the narrowest index type for the
 *   dictionary's size), null = missing; the dictionary is the frame's, in the frame's order, so
 *   codes round-trip unchanged.
 *
 * Schema metadata key `leadscore` holds a JSON header: feature names and kinds (so a reader does
 * not guess which columns are features) and the caller's metadata.
 */
import { z } from 'zod';

export const metadataKey = 'leadscore';
export const formatName = 'leadscore-training-set';
/** Version 2 stores numeric features as integers where exact; version 1 files (all Float64) still read. */
export const formatVersion = 2;

/** Rows per record batch: big enough to amortise per-batch overhead, small enough to stream. */
export const batchRows = 65_536;

export const headerSchema = z.strictObject({
  format: z.literal(formatName),
  version: z.union([z.literal(1), z.literal(formatVersion)]),
  features: z.array(z.strictObject({ name: z.string(), kind: z.enum(['numeric', 'categorical']) })),
  metadata: z.record(z.string(), z.unknown()),
});

export type TrainingSetHeader = z.infer<typeof headerSchema>;
