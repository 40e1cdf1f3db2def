import { describe, expect, it } from 'vitest';
import { NeuralNet, type NeuralNetParams } from '../../../models/neural/NeuralNet.ts';
import { maxAbsDiff } from '../modelFixtures.ts';
import { xorProblem } from './neuralFixtures.ts';

// Dropout on, so the test also covers the seeded masks and shuffles, not only the initial weights.
const PARAMS: Partial<NeuralNetParams> = { batchSize: 64, learningRate: 1e-2, maxEpochs: 3, dropout: 0.2 };
const { X, y } = xorProblem(500, 21);

async function predictions(params: Partial<NeuralNetParams>): Promise<Float64Array> {
  const model = await new NeuralNet({ ...PARAMS, ...params }).fit(X, y);
  try {
    return model.predictProba(X);
  } finally {
    model.dispose();
  }
}

describe('NeuralNet reproducibility', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`the same seed gives identical predictions on the ${backend} backend`, async () => {
      const a = await predictions({ backend });
      const b = await predictions({ backend });
      expect(Array.from(a)).toEqual(Array.from(b));
      const other = await predictions({ backend, seed: 43 });
      expect(maxAbsDiff(a, other)).toBeGreaterThan(1e-3);
    });
  }

  it('cpu and wasm agree to float32 rounding', async () => {
    // Same initial weights, shuffles and masks; only the order of float32 sums differs.
    expect(maxAbsDiff(await predictions({ backend: 'cpu' }), await predictions({ backend: 'wasm' }))).toBeLessThan(1e-4);
  });
});
