/**
 * Holdout and cross-validation splits as row-index arrays (ascending, ready for `takeRows`).
 * Every split is a pure function of its inputs and seed, so a rerun evaluates the same rows.
 */
import { InputError } from '../../core/errors.ts';
import { seededRandom as mulberry32 } from '../../core/random.ts';
import type { Labels } from '../estimator.ts';

export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

export interface TimeSplit extends Split {
  /** Test rows are those created at or after this instant (ms since epoch). */
  cutoffMs: number;
}

/**
 * The newest `fraction` of rows as test, the rest as train: a model is judged on leads that
 * arrived after the ones it learned from, as it will be in production. Rows sharing the
 * boundary timestamp all go to test (so test can exceed `fraction` slightly, and every test row
 * is strictly newer than every dated train row). Rows without a timestamp (NaN) cannot be placed
 * in time and always go to train.
 */
export function timeHoldout(createdAtMs: Float64Array, fraction: number): TimeSplit {
  checkFraction(fraction, 'timeHoldout');
  const n = createdAtMs.length;
  let dated = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(createdAtMs[i])) dated++;
  const times = new Float64Array(dated);
  for (let i = 0, k = 0; i < n; i++) if (!Number.isNaN(createdAtMs[i])) times[k++] = createdAtMs[i];
  times.sort();
  if (dated === 0) {
    throw new InputError('timeHoldout: no row has a creation time', { hint: 'use a stratified holdout' });
  }
  const testCount = Math.round(dated * fraction);
  if (testCount === 0) {
    throw new InputError(`timeHoldout: ${dated} dated rows leave no test rows for fraction ${fraction}`, {
      hint: 'use more rows or a larger holdout fraction',
    });
  }
  const cutoffMs = times[dated - testCount];
  let testSize = 0;
  for (let i = 0; i < n; i++) if (createdAtMs[i] >= cutoffMs) testSize++;
  if (testSize === dated) {
    throw new InputError(`timeHoldout: the oldest dated row is already in the newest ${fraction} of rows (many rows share created_at ${new Date(cutoffMs).toISOString()}), so no dated row is left to train on`, {
      hint: 'use a stratified holdout or a smaller fraction',
    });
  }
  const train = new Uint32Array(n - testSize);
  const test = new Uint32Array(testSize);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (createdAtMs[i] >= cutoffMs) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test, cutoffMs };
}

/**
 * A random `fraction` of each class as test (⌊n_c·fraction⌉ rows of class c), so the holdout has
 * the training set's conversion rate.
 */
export function stratifiedHoldout(y: Labels, fraction: number, seed: number): Split {
  checkFraction(fraction, 'stratifiedHoldout');
  const random = seededRandom(seed, 'stratifiedHoldout');
  const inTest = new Uint8Array(y.length);
  let testSize = 0;
  for (const members of classMembers(y, 'stratifiedHoldout')) {
    shuffle(members, random);
    const take = Math.round(members.length * fraction);
    for (let k = 0; k < take; k++) inTest[members[k]] = 1;
    testSize += take;
  }
  return fromMask(inTest, testSize, 1);
}

/**
 * `k` folds whose test parts partition the rows, each with (to within one row) the same count of
 * every class. Rows are shuffled within each class; the fold sequence continues from one class
 * to the next, so fold sizes also differ by at most one.
 */
export function stratifiedKFold(y: Labels, k: number, seed: number): Split[] {
  if (!Number.isInteger(k) || k < 2) throw new InputError(`stratifiedKFold: k must be an integer ≥ 2, got ${k}`, { received: k });
  const random = seededRandom(seed, 'stratifiedKFold');
  const fold = new Uint32Array(y.length);
  const classes = classMembers(y, 'stratifiedKFold');
  let offset = 0;
  for (let c = 0; c < classes.length; c++) {
    const members = classes[c];
    if (members.length > 0 && members.length < k) {
      throw new InputError(`stratifiedKFold: class ${c} has ${members.length} rows, fewer than k = ${k} folds, so some folds would have none`, {
        hint: 'use fewer folds',
      });
    }
    shuffle(members, random);
    for (let m = 0; m < members.length; m++) fold[members[m]] = (offset + m) % k;
    offset += members.length;
  }
  const sizes = new Uint32Array(k);
  for (let i = 0; i < y.length; i++) sizes[fold[i]]++;
  const splits: Split[] = [];
  for (let f = 0; f < k; f++) splits.push(fromMask(fold, sizes[f], f));
  return splits;
}

/** Rows whose `mask` equals `value` become test (there are `testSize` of them), the rest train. */
function fromMask(mask: Uint8Array | Uint32Array, testSize: number, value: number): Split {
  const train = new Uint32Array(mask.length - testSize);
  const test = new Uint32Array(testSize);
  for (let i = 0, a = 0, b = 0; i < mask.length; i++) {
    if (mask[i] === value) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/** Row indices of class 0 and of class 1, ascending. */
function classMembers(y: Labels, name: string): [Uint32Array, Uint32Array] {
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new InputError(`${name}: label at row ${i} is ${y[i]}, expected 0 or 1`, { received: y[i] });
    positives += y[i];
  }
  const zeros = new Uint32Array(y.length - positives);
  const ones = new Uint32Array(positives);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) {
    if (y[i] === 1) ones[b++] = i;
    else zeros[a++] = i;
  }
  return [zeros, ones];
}

/** Fisher–Yates. */
function shuffle(values: Uint32Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}

/**
 * mulberry32: tiny, fast, and good enough to shuffle rows; Math.random cannot be seeded and a
 * split must be reproducible from the config's seed.
 */
function seededRandom(seed: number, name: string): () => number {
  if (!Number.isSafeInteger(seed)) throw new InputError(`${name}: seed must be an integer, got ${seed}`, { received: seed });
  return mulberry32(seed);
}

function checkFraction(fraction: number, name: string): void {
  if (!(fraction > 0 && fraction < 1)) {
    throw new InputError(`${name}: fraction must be between 0 and 1 (exclusive), got ${fraction}`, { received: fraction });
  }
}
