/**
 * Lift and capture by decile for scores with many ties, such as a points-based rule score where
 * a third of the leads may share a score of 0. `metrics.liftByDecile` breaks ties by row order,
 * which on a coarse score lets the order the leads happen to be stored in decide how good the
 * top decile looks. Here a tie group straddling a decile cut gives each decile its share of the
 * group's rows and the same share of its positives: the expected lift had ties been broken at
 * random, and the same for every order of the rows. For a score without ties (a model's
 * probability) the result equals liftByDecile's.
 */
import { InputError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';

export interface TiedDecileLift {
  /** 1 = the highest-scored tenth. */
  decile: number;
  /** Rows in the decile (deciles differ by at most one row, as in liftByDecile). */
  count: number;
  /** Expected positives: a fraction when a tie group is shared with a neighbouring decile. */
  positives: number;
  /** positives / count. */
  rate: number;
  /** rate / overall positive rate (NaN without positives). */
  lift: number;
  /** Share of all positives in this decile. */
  capture: number;
  /** Share of all positives in deciles 1 … this one. */
  cumulativeCapture: number;
  /** Positive rate of deciles 1 … this one over the overall rate. */
  cumulativeLift: number;
  minScore: number;
  maxScore: number;
}

export function tiedLiftByDecile(y: Labels, score: ArrayLike<number>, groups = 10): TiedDecileLift[] {
  if (y.length !== score.length) throw new InputError(`tiedLiftByDecile: ${y.length} labels but ${score.length} scores`);
  if (!Number.isInteger(groups) || groups < 1) throw new InputError(`tiedLiftByDecile: groups must be a positive integer, got ${groups}`);
  const n = y.length;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(score[i])) throw new InputError(`tiedLiftByDecile: score at row ${i} is NaN`, { where: `row ${i}` });
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  const bounds = Array.from({ length: groups + 1 }, (_, d) => Math.floor((d * n) / groups));
  const positives = new Float64Array(groups);
  let total = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && score[order[end]] === score[order[start]]) end++;
    let groupPositives = 0;
    for (let k = start; k < end; k++) groupPositives += y[order[k]];
    total += groupPositives;
    // Spread the tie group [start, end) over the deciles it overlaps, in proportion to its rows there.
    for (let d = 0; d < groups; d++) {
      const overlap = Math.min(end, bounds[d + 1]) - Math.max(start, bounds[d]);
      if (overlap > 0) positives[d] += (groupPositives * overlap) / (end - start);
    }
    start = end;
  }
  const baseRate = n ? total / n : NaN;
  const out: TiedDecileLift[] = [];
  let captured = 0;
  for (let d = 0; d < groups; d++) {
    const count = bounds[d + 1] - bounds[d];
    captured += positives[d];
    const rate = count ? positives[d] / count : NaN;
    out.push({
      decile: d + 1,
      count,
      positives: positives[d],
      rate,
      lift: total > 0 ? rate / baseRate : NaN,
      capture: total > 0 ? positives[d] / total : NaN,
      cumulativeCapture: total > 0 ? captured / total : NaN,
      cumulativeLift: total > 0 && bounds[d + 1] > 0 ? captured / bounds[d + 1] / baseRate : NaN,
      minScore: count ? score[order[bounds[d + 1] - 1]] : NaN,
      maxScore: count ? score[order[bounds[d]]] : NaN,
    });
  }
  return out;
}
