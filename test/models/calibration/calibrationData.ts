/** Seeded held-out samples whose model probabilities are miscalibrated in a known way. */
import { sigmoid } from '../../../models/calibration/logit.ts';
import { seeded } from '../modelFixtures.ts';

export interface DistortedSample {
  /** What the model says. */
  p: Float64Array;
  /** What is true: σ(slope · logit(p) + intercept). */
  truth: Float64Array;
  y: Uint8Array;
}

/** `n` rows with logit(p) uniform on [−3, 3] and labels drawn from the true probability. */
export function distortedSample(n: number, seed: number, slope = 2, intercept = -1): DistortedSample {
  const random = seeded(seed);
  const p = new Float64Array(n);
  const truth = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const z = -3 + 6 * random();
    p[i] = sigmoid(z);
    truth[i] = sigmoid(slope * z + intercept);
    y[i] = random() < truth[i] ? 1 : 0;
  }
  return { p, truth, y };
}
