export function partialLossGradient(
  data: Float64Array,
  y: Uint8Array,
  sw: Float64Array,
  beta: Float64Array,
  cols: number,
  start: number,
  end: number,
  out: Float64Array,
): void;
