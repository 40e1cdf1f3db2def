/** The saved form of a NeuralNet, and the schema `NeuralNet.fromJSON` checks it against. */
import { z } from 'zod';

export const NEURAL_NET_KIND = 'neural-net';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const fitReport = z.object({
  backend: z.enum(['tensorflow', 'wasm', 'cpu']),
  epochs: z.number().int().nonnegative(),
  bestEpoch: z.number().int().nonnegative(),
  bestValidationLoss: z.number().nullable(),
  stoppedEarly: z.boolean(),
  seconds: z.number(),
  rows: z.number().int().nonnegative(),
  trainRows: z.number().int().nonnegative(),
  validationRows: z.number().int().nonnegative(),
  history: z.array(z.object({ loss: z.number(), validationLoss: z.number().nullable() })),
});

export const neuralNetJsonSchema = z.object({
  kind: z.literal(NEURAL_NET_KIND),
  format: z.literal(1),
  /** Checked by the NeuralNet constructor, which owns the rules. */
  params: z.record(z.string(), z.unknown()),
  columns: z.array(z.string()).min(1),
  /** Training column means, the reference point of `contributions`. */
  means: z.array(finite),
  /** Kernel then bias of each dense layer, float32 little-endian in base64. */
  weights: z.array(z.object({ shape: z.array(z.number().int().positive()).min(1).max(2), data: z.string() })),
  fit: fitReport,
});

export type NeuralFitReport = z.infer<typeof fitReport>;
export type NeuralNetJsonShape = z.infer<typeof neuralNetJsonSchema>;
