import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors.ts';
import { useBackend } from '../../../models/neural/backend.ts';

async function hasTfjsNode(): Promise<boolean> {
  const specifier: string = '@tensorflow/tfjs-node';
  return import(specifier).then(
    () => true,
    () => false,
  );
}

describe('useBackend', () => {
  it('auto takes tfjs-node when installed, else wasm, and logs why', async () => {
    const messages: string[] = [];
    const native = await hasTfjsNode();
    const chosen = await useBackend('auto', (m) => messages.push(m));
    expect(chosen).toBe(native ? 'tensorflow' : 'wasm');
    expect(tf.getBackend()).toBe(chosen);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`tfjs backend ${chosen}`);
    if (!native) expect(messages[0]).toMatch(/tensorflow unavailable: cannot import @tensorflow\/tfjs-node/);
  });

  it('switches to an explicitly requested backend and back', async () => {
    expect(await useBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await useBackend('wasm')).toBe('wasm');
    expect(tf.matMul(tf.ones([2, 3]), tf.ones([3, 1])).dataSync()).toEqual(Float32Array.from([3, 3]));
  });

  it('fails clearly when an explicitly requested backend is missing', async () => {
    if (await hasTfjsNode()) return;
    await expect(useBackend('tensorflow')).rejects.toThrow(ConfigError);
    await expect(useBackend('tensorflow')).rejects.toThrow(/cannot import @tensorflow\/tfjs-node/);
  });
});
