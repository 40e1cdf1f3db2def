/**
 * Rank correlation between two scores of the same leads (the rule score and the model's
 * probability): do they order leads alike? Both statistics handle ties, which matter here: a
 * points-based rule score gives thousands of leads the same score.
 *
 * - Spearman's rho: Pearson's correlation of the average ranks (scipy.stats.spearmanr).
 * - Kendall's tau-b: (concordant − discordant) pairs, corrected for ties in either score
 *   (scipy.stats.kendalltau, its default variant), by Knight's O(n log n) algorithm: a holdout of
 *   200,000 leads has 2·10¹⁰ pairs, too many to count one by one.
 *
 * Written here because no dependency in the tree offers tie-aware rank correlation (d3-array's
 * `rank` gives tied values the lowest rank, not the average).
 */
import { InputError } from '../../core/errors.ts';

/** Ranks 1 … n, ties sharing the average of the ranks they span (scipy.stats.rankdata 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = sortedOrder(values);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/** Spearman's rank correlation; NaN when either score is constant (no ranking to compare). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair(a, b, 'spearman');
  return pearson(averageRanks(a), averageRanks(b));
}

/** Kendall's tau-b; NaN when either score is constant. */
export function kendallTauB(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair(a, b, 'kendallTauB');
  const n = a.length;
  // Order by a, then b: tied pairs in a (and jointly tied pairs) are then runs of equal values.
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i] - a[j] || b[i] - b[j]);
  const tiedA = tiedPairs(order, (i, j) => a[i] === a[j]);
  const tiedBoth = tiedPairs(order, (i, j) => a[i] === a[j] && b[i] === b[j]);
  // Sorting the b values of that order counts the discordant pairs as the swaps a stable merge
  // sort makes (pairs ordered by a but reversed in b; pairs tied in a were sorted by b already).
  const bs = Float64Array.from(order, (i) => b[i]);
  const swaps = mergeSortCountingSwaps(bs);
  const sortedB = new Uint32Array(n);
  for (let i = 0; i < n; i++) sortedB[i] = i;
  const tiedB = tiedPairs(sortedB, (i, j) => bs[i] === bs[j]);
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiedA) * (pairs - tiedB));
  if (denominator === 0) return NaN;
  // concordant − discordant = pairs − tiedA − tiedB + tiedBoth − 2·discordant
  return (pairs - tiedA - tiedB + tiedBoth - 2 * swaps) / denominator;
}

function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

function sortedOrder(values: ArrayLike<number>): Uint32Array {
  return Uint32Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
}

/** Σ t(t−1)/2 over the runs of consecutive elements of `order` that `same` says are equal. */
function tiedPairs(order: Uint32Array, same: (i: number, j: number) => boolean): number {
  let total = 0;
  let run = 1;
  for (let k = 1; k <= order.length; k++) {
    if (k < order.length && same(order[k - 1], order[k])) run++;
    else {
      total += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return total;
}

/** Sorts `values` ascending in place (bottom-up merge sort) and returns how many inversions it removed. */
function mergeSortCountingSwaps(values: Float64Array): number {
  const n = values.length;
  let from: Float64Array = values;
  let to: Float64Array = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Equal values are not inversions: take the left one first (a stable merge).
        if (from[j] < from[i]) {
          swaps += mid - i;
          to[k++] = from[j++];
        } else to[k++] = from[i++];
      }
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
    }
    [from, to] = [to, from];
  }
  if (from !== values) values.set(from);
  return swaps;
}

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>, name: string): void {
  if (a.length !== b.length) throw new InputError(`${name}: ${a.length} values against ${b.length}`, { received: b.length, expected: `${a.length}` });
  if (a.length < 2) throw new InputError(`${name}: needs at least two rows, got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) throw new InputError(`${name}: value at row ${i} is NaN`, { where: `row ${i}` });
  }
}
