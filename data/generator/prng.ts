/**
 * A seedable pseudo-random generator (xoshiro128**, seeded through splitmix32). Written here
 * because neither `Math.random` nor `node:crypto` can be seeded, and the generator must write
 * byte-identical files for the same seed on every machine. 128 bits of state: a 1M-lead run draws
 * a few hundred million numbers, too close to the 2^32 period of the smaller mulberry32.
 */

const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller yields normals in pairs; NaN when no spare is waiting. */
  private spareNormal = Number.NaN;

  /** `stream` picks an independent sequence for the same seed (e.g. bad rows vs clean data). */
  constructor(seed: number, stream = 0) {
    // splitmix32 spreads any integer seed (including 0 and seeds above 2^32) over all 128 state bits.
    let x = (Math.floor(seed) ^ Math.floor(seed / TWO_POW_32) ^ Math.imul(stream + 1, 0x9e3779b9)) | 0;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let t = x ^ (x >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return t ^ (t >>> 15);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal. */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    // 1 - next() is in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const theta = 2 * Math.PI * this.next();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** exp(N(mu, sigma²)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Exponential with the given mean, conditioned on being below `max` (inverse CDF, no rejection loop). */
  truncatedExponential(mean: number, max: number): number {
    const tail = 1 - Math.exp(-max / mean);
    return Math.min(-mean * Math.log(1 - this.next() * tail), max * (1 - 1e-12));
  }

  /** Poisson count: Knuth's product method for small means, a rounded normal above 30. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** Draws an index with probability proportional to its weight (binary search over the cumulative weights). */
export function weightedPicker(weights: readonly number[]): (rng: Rng) => number {
  if (weights.length === 0 || weights.some((w) => !(w >= 0))) throw new RangeError('weights must be non-negative and non-empty');
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (cumulative[i] = total += w));
  if (!(total > 0)) throw new RangeError('weights must not all be zero');
  const last = weights.length - 1;
  return (rng) => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
