/**
 * The seeded randomness of a fit: epoch shuffles and dropout masks. tfjs offers neither seeded
 * shuffling (model.fit's `shuffle` uses Math.random) nor varying seeded dropout (a Dropout
 * layer's `seed` replays the same mask on every step), so the trainer draws both from here.
 */

export { seededRandom } from '../../core/random.ts';

/** Fisher–Yates, in place. */
export function shuffleInPlace(values: Uint32Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}

/** A seed for one tfjs random op, drawn from `random`. */
export function nextSeed(random: () => number): number {
  return Math.floor(random() * 2147483647);
}
