/** Log-odds and the logistic function, stable at the extremes. */

/**
 * Probabilities are clipped to [eps, 1 − eps] before taking log-odds, so a model that rounds to
 * exactly 0 or 1 still gets a finite score (±34.5), as log_loss clips in scikit-learn.
 */
export const LOGIT_EPS = 1e-15;

export function logit(p: number): number {
  const q = Math.min(Math.max(p, LOGIT_EPS), 1 - LOGIT_EPS);
  return Math.log(q) - Math.log1p(-q);
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
