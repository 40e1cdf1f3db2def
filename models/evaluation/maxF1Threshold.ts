/**
 * The score cut-off that maximises F1 on given rows, as the threshold of `confusionAt` (rows
 * scoring ≥ it are predicted positive). Only scores that occur are candidates: any cut between
 * two of them classifies the rows the same way as the higher one.
 */
import { InputError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';

export interface F1Threshold {
  /** NaN when no cut-off has a defined F1 (no positives). */
  threshold: number;
  f1: number;
}

/** Ties in F1 go to the highest threshold: the same F1 for fewer leads to call. */
export function maxF1Threshold(y: Labels, score: ArrayLike<number>): F1Threshold {
  if (y.length !== score.length) {
    throw new InputError(`maxF1Threshold: ${y.length} labels but ${score.length} scores`, { received: score.length, expected: `${y.length}` });
  }
  const n = y.length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new InputError(`maxF1Threshold: label at row ${i} is ${y[i]}, expected 0 or 1`, { received: y[i] });
    if (Number.isNaN(score[i])) throw new InputError(`maxF1Threshold: score at row ${i} is NaN`, { where: `row ${i}` });
    positives += y[i];
  }
  const best: F1Threshold = { threshold: NaN, f1: NaN };
  if (positives === 0) return best;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[b] - score[a]);
  let tp = 0;
  let flagged = 0;
  for (let k = 0; k < n; ) {
    const value = score[order[k]];
    while (k < n && score[order[k]] === value) {
      tp += y[order[k]];
      flagged++;
      k++;
    }
    // F1 = 2·tp / (flagged + positives), the harmonic mean of tp/flagged and tp/positives.
    const f1 = (2 * tp) / (flagged + positives);
    if (!(f1 <= best.f1)) {
      best.threshold = value;
      best.f1 = f1;
    }
  }
  return best;
}
