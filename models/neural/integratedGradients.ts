/**
 * Per-column contributions to one row's logit, relative to the training-mean row, by integrated
 * gradients (Sundararajan et al. 2017): (x_j − m_j) · mean over the straight path m → x of
 * ∂logit/∂x_j.
 *
 * Chosen over gradient × input, (x − m)·∇logit(x): that is exact only for a linear model. A
 * ReLU net's gradient at x ignores everything between the mean and x (a unit that switches on
 * halfway), so its terms neither add up to logit(x) − logit(m) nor agree with the logistic
 * model's w_j·(x_j − m_j), which topReasons sums and compares across models. Integrated
 * gradients add up to logit(x) − logit(m) (completeness) and reduce to exactly w_j·(x_j − m_j)
 * for a linear model. The path integral is a midpoint rule over STEPS points, one batched
 * forward and backward pass: a ReLU net's logit is piecewise linear along the path, so the
 * rule's error is only from the few kinks it straddles.
 */
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from './mlp.ts';

export const INTEGRATION_STEPS = 64;

/** One attribution per column of `x`; they sum to ≈ logit(x) − logit(baseline). */
export function integratedGradients(net: Mlp, x: Float64Array, baseline: Float64Array, steps = INTEGRATION_STEPS): Float64Array {
  const cols = x.length;
  const path = new Float32Array(steps * cols);
  for (let s = 0; s < steps; s++) {
    const alpha = (s + 0.5) / steps;
    for (let j = 0; j < cols; j++) path[s * cols + j] = baseline[j] + alpha * (x[j] - baseline[j]);
  }
  const gradients = tf.tidy(() => {
    const points = tf.tensor2d(path, [steps, cols], 'float32');
    // Rows are independent, so the gradient of the summed logits is each row's own gradient.
    return tf.grad((p: tf.Tensor) => tf.sum(net.logits(p as tf.Tensor2D)))(points);
  });
  const out = new Float64Array(cols);
  try {
    const values = gradients.dataSync();
    for (let s = 0; s < steps; s++) for (let j = 0; j < cols; j++) out[j] += values[s * cols + j];
  } finally {
    gradients.dispose();
  }
  for (let j = 0; j < cols; j++) out[j] *= (x[j] - baseline[j]) / steps;
  return out;
}
