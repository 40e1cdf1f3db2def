/**
 * The TensorFlow.js backend every neural net in the process runs on. tfjs keeps one global
 * backend, so this is process state: chosen on the first fit, reused afterwards.
 *
 * `auto` tries, fastest first: `tensorflow` (tfjs-node, native multi-threaded libtensorflow; an
 * optional dependency whose install downloads libtensorflow, so often missing, and not measured
 * here for that reason), then `wasm`,
 * then `cpu` (plain JavaScript). The order is fixed rather than timed at start-up, so the same
 * machine always gets the same backend and therefore the same predictions. Measured on the
 * 2-core shared dev machine (Node 20), wasm beats cpu everywhere, so it is never worth timing:
 *   MLP 100→32→16→1, one training step, batch 512:  cpu 21.7 ms          wasm 9.6 ms
 *   bench/neural.bench.ts, 60 columns, defaults:     cpu ~51 s/epoch/1M   wasm ~16 s/epoch/1M
 *   scoring in 16k-row chunks:                       cpu ~70k rows/s      wasm 1.2–1.7M rows/s
 *
 * tfjs-backend-wasm 4.x never runs multi-threaded under Node (its WASM_HAS_MULTITHREAD_SUPPORT
 * flag is hard-wired to false there, tfjs issue #3830), so `setThreadsCount` would be a no-op:
 * wasm here is the single-threaded SIMD binary.
 */
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../core/errors.ts';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Per backend: null once registered, or why it cannot be (memoised: imports happen once). */
const registrations = new Map<BackendName, Promise<string | null>>();

/**
 * Makes `preference` (or, for `auto`, the fastest available backend) the active tfjs backend and
 * returns its name. Logs the choice, and why faster backends were skipped, through `log`.
 */
export async function useBackend(preference: BackendPreference = 'auto', log?: (message: string) => void): Promise<BackendName> {
  // The cpu backend prints a banner urging tfjs-node on first use; the log line below says which
  // backend runs and why, so tfjs's own console warnings are noise.
  tf.enableProdMode();
  const candidates = preference === 'auto' ? AUTO_ORDER : [preference];
  const skipped: string[] = [];
  for (const name of candidates) {
    const failure = await register(name);
    if (failure === null && (tf.getBackend() === name || (await tf.setBackend(name)))) {
      await tf.ready();
      log?.(`neural net: tfjs backend ${name}${skipped.length ? ` (${skipped.join('; ')})` : ''}`);
      return name;
    }
    skipped.push(`${name} unavailable: ${failure ?? 'initialisation failed'}`);
  }
  throw new ConfigError(`neural net backend "${preference}" is not available: ${skipped.join('; ')}`, {
    where: 'backend',
    received: preference,
    hint: 'use backend "auto" (falls back to wasm, then cpu)',
  });
}

function register(name: BackendName): Promise<string | null> {
  let pending = registrations.get(name);
  if (!pending) {
    pending = name === 'tensorflow' ? registerTfjsNode() : name === 'wasm' ? registerWasm() : Promise.resolve(null);
    registrations.set(name, pending);
  }
  return pending;
}

async function registerTfjsNode(): Promise<string | null> {
  // A variable specifier keeps TypeScript from requiring the optional package's types.
  const specifier: string = '@tensorflow/tfjs-node';
  try {
    await import(specifier);
  } catch (error) {
    return `cannot import ${specifier}: ${firstLine(error)}`;
  }
  // tfjs-node registers into the tfjs-core it resolves; a second copy would leave ours without it.
  return tf.findBackendFactory('tensorflow') ? null : `${specifier} registered into a different @tensorflow/tfjs-core`;
}

async function registerWasm(): Promise<string | null> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The node build would look next to itself anyway; saying so explicitly keeps working when a
    // bundler or loader moves the JavaScript away from dist/. A plain directory path with a
    // trailing separator is what the node build's fs read expects (file:// URLs also work).
    const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(dirname(main) + sep);
    return null;
  } catch (error) {
    return `cannot load @tensorflow/tfjs-backend-wasm: ${firstLine(error)}`;
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
