// A worker that runs partialLossGradient over its share of the rows whenever the main thread
// bumps the request counter, then bumps the done counter. Everything it reads and writes lives
// in SharedArrayBuffers, so a request costs no copying; the main thread waits with Atomics.
import { workerData } from 'node:worker_threads';
import { partialLossGradient } from './gradientKernel.js';

const { data, y, sw, beta, out, control, cols, start, end } = workerData;
const views = {
  data: new Float64Array(data),
  y: new Uint8Array(y),
  sw: new Float64Array(sw),
  beta: new Float64Array(beta),
  out: new Float64Array(out),
  control: new Int32Array(control),
};
let seen = 0;
Atomics.store(views.control, 2, 1);
Atomics.notify(views.control, 2);
for (;;) {
  Atomics.wait(views.control, 0, seen);
  seen = Atomics.load(views.control, 0);
  if (seen < 0) break;
  partialLossGradient(views.data, views.y, views.sw, views.beta, cols, 0, end - start, views.out);
  Atomics.store(views.control, 1, seen);
  Atomics.notify(views.control, 1);
}
