import { dot, type SmoothFunction } from './solver.ts';

/**
 * A line search for the strong Wolfe conditions (Nocedal & Wright, Algorithms 3.5 and 3.6:
 * bracketing, then zoom with safeguarded cubic interpolation). L-BFGS needs the curvature
 * condition, not just sufficient decrease: it guarantees sᵀy > 0, which keeps the quasi-Newton
 * matrix positive definite.
 */

/** Sufficient-decrease constant. */
const C1 = 1e-4;
/** Curvature constant: 0.9 is the usual choice for quasi-Newton methods. */
const C2 = 0.9;
const MAX_EVALUATIONS = 40;

export interface LineSearchWork {
  /** Receives the accepted point. */
  xOut: Float64Array;
  /** Receives the gradient at the accepted point. */
  gOut: Float64Array;
}

export interface LineSearchResult {
  ok: boolean;
  step: number;
  value: number;
  evaluations: number;
}

/**
 * Searches along `d` from `x` (value `f0`, directional derivative `slope0` = ∇f(x)·d < 0),
 * starting with step `initial`. On success `work.xOut` / `work.gOut` hold the accepted point and
 * its gradient (always the last point evaluated).
 */
export function strongWolfeSearch(
  f: SmoothFunction,
  x: Float64Array,
  f0: number,
  d: Float64Array,
  slope0: number,
  initial: number,
  work: LineSearchWork,
): LineSearchResult {
  const { xOut, gOut } = work;
  let evaluations = 0;
  let slope = 0;

  const evaluate = (step: number): number => {
    for (let j = 0; j < x.length; j++) xOut[j] = x[j] + step * d[j];
    const value = f.valueAndGradient(xOut, gOut);
    evaluations++;
    slope = dot(gOut, d);
    // An overflowing trial counts as "far too long", which sends the search back towards 0.
    return Number.isFinite(value) && Number.isFinite(slope) ? value : Infinity;
  };
  const accepted = (step: number, value: number): LineSearchResult => ({ ok: true, step, value, evaluations });

  const zoom = (lo: number, fLo: number, sLo: number, hi: number, fHi: number, sHi: number): LineSearchResult => {
    while (evaluations < MAX_EVALUATIONS) {
      const step = interpolate(lo, fLo, sLo, hi, fHi, sHi);
      const value = evaluate(step);
      if (value > f0 + C1 * step * slope0 || value >= fLo) {
        hi = step;
        fHi = value;
        sHi = slope;
      } else {
        if (Math.abs(slope) <= -C2 * slope0) return accepted(step, value);
        if (slope * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          sHi = sLo;
        }
        lo = step;
        fLo = value;
        sLo = slope;
      }
      if (Math.abs(hi - lo) <= 1e-14 * Math.max(1, Math.abs(lo))) break;
    }
    // The bracket collapsed or the budget ran out: `lo` still satisfies sufficient decrease, so
    // take it (re-evaluated, so the outputs hold its gradient) rather than fail the whole solve.
    if (lo > 0 && fLo < f0) {
      const value = evaluate(lo);
      return { ok: true, step: lo, value, evaluations };
    }
    return { ok: false, step: 0, value: f0, evaluations };
  };

  let prev = 0;
  let fPrev = f0;
  let sPrev = slope0;
  let step = initial;
  for (let i = 0; evaluations < MAX_EVALUATIONS; i++) {
    const value = evaluate(step);
    if (value > f0 + C1 * step * slope0 || (i > 0 && value >= fPrev)) {
      return zoom(prev, fPrev, sPrev, step, value, slope);
    }
    if (Math.abs(slope) <= -C2 * slope0) return accepted(step, value);
    if (slope >= 0) return zoom(step, value, slope, prev, fPrev, sPrev);
    prev = step;
    fPrev = value;
    sPrev = slope;
    step *= 4;
  }
  return { ok: false, step: 0, value: f0, evaluations };
}

/**
 * Minimiser of the cubic through (a, fa, sa) and (b, fb, sb) (Nocedal & Wright eq. 3.59),
 * kept at least 10% of the interval away from either end; bisection when the cubic is unusable.
 */
function interpolate(a: number, fa: number, sa: number, b: number, fb: number, sb: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const margin = 0.1 * (hi - lo);
  const d1 = sa + sb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - sa * sb;
  if (Number.isFinite(disc) && disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    const t = b - ((b - a) * (sb + d2 - d1)) / (sb - sa + 2 * d2);
    if (Number.isFinite(t) && t >= lo + margin && t <= hi - margin) return t;
  }
  return 0.5 * (a + b);
}
