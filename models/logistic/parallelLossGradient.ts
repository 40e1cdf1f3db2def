/**
 * The loss-and-gradient pass split across two cores: a worker thread takes the second half of
 * the rows (copied once into shared memory), the calling thread the first, and the halves are
 * summed. L-BFGS calls this synchronously once per iteration, so the caller blocks with
 * Atomics.wait instead of awaiting: fit() stays synchronous. Used only for large matrices, where
 * one pass costs far more than the handshake; if the worker cannot start, the fit carries on
 * single-threaded.
 */
import { Worker } from 'node:worker_threads';
import { partialLossGradient } from './gradientKernel.js';

/** Below this many matrix values a second thread saves less than it costs. */
export const PARALLEL_MIN_VALUES = 2e7;
const READY_TIMEOUT_MS = 15_000;

export class ParallelLossGradient {
  private seq = 0;
  private readonly mainOut: Float64Array;

  private constructor(
    private readonly worker: Worker,
    private readonly control: Int32Array,
    private readonly sharedBeta: Float64Array,
    private readonly workerOut: Float64Array,
    private readonly data: Float64Array,
    private readonly y: Uint8Array,
    private readonly sw: Float64Array,
    private readonly cols: number,
    private readonly mid: number,
  ) {
    this.mainOut = new Float64Array(cols + 2);
  }

  /** A parallel pass over the rows, or null when the worker does not start. */
  static tryCreate(data: Float64Array, rows: number, cols: number, y: Uint8Array, sw: Float64Array): ParallelLossGradient | null {
    const mid = Math.floor(rows / 2);
    const shared = <T extends Float64Array | Uint8Array>(source: T, make: (b: SharedArrayBuffer) => T): T => {
      const target = make(new SharedArrayBuffer(source.byteLength));
      target.set(source as never);
      return target;
    };
    const workerData = shared(data.subarray(mid * cols, rows * cols), (b) => new Float64Array(b));
    const workerY = shared(y.subarray(mid, rows), (b) => new Uint8Array(b));
    const workerSw = shared(sw.subarray(mid, rows), (b) => new Float64Array(b));
    const beta = new Float64Array(new SharedArrayBuffer((cols + 1) * 8));
    const out = new Float64Array(new SharedArrayBuffer((cols + 2) * 8));
    const control = new Int32Array(new SharedArrayBuffer(3 * 4));
    let worker: Worker;
    try {
      worker = new Worker(new URL('./gradientWorker.js', import.meta.url), {
        workerData: {
          data: workerData.buffer,
          y: workerY.buffer,
          sw: workerSw.buffer,
          beta: beta.buffer,
          out: out.buffer,
          control: control.buffer,
          cols,
          start: mid,
          end: rows,
        },
      });
    } catch {
      return null;
    }
    worker.unref();
    Atomics.wait(control, 2, 0, READY_TIMEOUT_MS);
    if (Atomics.load(control, 2) !== 1) {
      void worker.terminate();
      return null;
    }
    return new ParallelLossGradient(worker, control, beta, out, data, y, sw, cols, mid);
  }

  /** Writes the weighted loss gradient (coefficients, intercept) into `grad`; returns the weighted loss. */
  lossAndGradient(beta: Float64Array, grad: Float64Array): number {
    const { cols, control } = this;
    this.sharedBeta.set(beta);
    const seq = ++this.seq;
    Atomics.store(control, 0, seq);
    Atomics.notify(control, 0);
    partialLossGradient(this.data, this.y, this.sw, beta, cols, 0, this.mid, this.mainOut);
    for (let done = Atomics.load(control, 1); done !== seq; done = Atomics.load(control, 1)) Atomics.wait(control, 1, done);
    for (let j = 0; j <= cols; j++) grad[j] = this.mainOut[j] + this.workerOut[j];
    return this.mainOut[cols + 1] + this.workerOut[cols + 1];
  }

  close(): void {
    Atomics.store(this.control, 0, -1);
    Atomics.notify(this.control, 0);
    void this.worker.terminate();
  }
}
