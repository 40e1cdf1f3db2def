/**
 * The network: dense ReLU layers and one linear output unit (the logit), built from tf.layers
 * for their seeded initialisers and weight bookkeeping. The forward pass is written out here
 * rather than left to `model.apply` so dropout can take a fresh seed on every step (see
 * random.ts), and so training and inference share one code path.
 */
import * as tf from '@tensorflow/tfjs';

export class Mlp {
  private constructor(
    private readonly model: tf.Sequential,
    private readonly dense: readonly tf.layers.Layer[],
  ) {}

  /**
   * Glorot-uniform kernels (scikit-learn's MLP initialisation too) seeded per layer from `seed`,
   * zero biases: the same seed gives the same starting weights on every backend.
   */
  static create(inputs: number, hiddenLayers: readonly number[], seed: number): Mlp {
    const model = tf.sequential();
    const dense: tf.layers.Layer[] = [];
    const units = [...hiddenLayers, 1];
    units.forEach((n, k) => {
      const layer = tf.layers.dense({
        units: n,
        activation: k < hiddenLayers.length ? 'relu' : 'linear',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 7919 * k }),
        biasInitializer: 'zeros',
        ...(k === 0 ? { inputShape: [inputs] } : {}),
      });
      model.add(layer);
      dense.push(layer);
    });
    return new Mlp(model, dense);
  }

  /** Number of hidden layers, i.e. of dropout masks per training step. */
  get hiddenLayers(): number {
    return this.dense.length - 1;
  }

  /**
   * Logits, one per row of x. With `dropout` (training), each hidden activation is dropped at
   * `rate` with the k-th seed; without it the pass is deterministic (inference).
   */
  logits(x: tf.Tensor2D, dropout?: { rate: number; seeds: readonly number[] }): tf.Tensor1D {
    return tf.tidy(() => {
      let h: tf.Tensor = x;
      this.dense.forEach((layer, k) => {
        h = layer.apply(h) as tf.Tensor;
        if (dropout && dropout.rate > 0 && k < this.dense.length - 1) h = tf.dropout(h, dropout.rate, undefined, dropout.seeds[k]);
      });
      return tf.reshape(h, [-1]) as tf.Tensor1D;
    });
  }

  /** Σ w² over the kernels (biases are not penalised, as in Keras and scikit-learn). */
  kernelSquares(): tf.Scalar {
    return tf.tidy(() => tf.addN(this.dense.map((layer) => tf.sum(tf.square(layer.getWeights()[0])))) as tf.Scalar);
  }

  variables(): tf.Variable[] {
    // LayerVariable.read() is the underlying tf.Variable, typed as a plain Tensor.
    return this.model.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  /** Copies of the weights, kernel then bias per layer. */
  getWeights(): Float32Array[] {
    return this.model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
  }

  shapes(): number[][] {
    return this.model.getWeights().map((w) => [...w.shape]);
  }

  setWeights(values: readonly Float32Array[]): void {
    const shapes = this.shapes();
    if (values.length !== shapes.length) throw new RangeError(`expected ${shapes.length} weight arrays, got ${values.length}`);
    const tensors = values.map((v, k) => tf.tensor(v, shapes[k], 'float32'));
    try {
      this.model.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}
