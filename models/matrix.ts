/**
 * The numeric hand-off between feature stages and models: a dense row-major matrix with named
 * columns. Row-major because every solver and scorer walks one row at a time.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** rows × cols values, row by row. */
  readonly data: Float64Array;
  /** One name per column (encoded feature names, e.g. `industry=software`). */
  readonly columns: readonly string[];
}

export function createMatrix(rows: number, columns: readonly string[], data?: Float64Array): Matrix {
  const cols = columns.length;
  const values = data ?? new Float64Array(rows * cols);
  if (values.length !== rows * cols) {
    throw new RangeError(`matrix data has ${values.length} values, expected ${rows} × ${cols} = ${rows * cols}`);
  }
  return { rows, cols, data: values, columns };
}

/** Builds a row-major matrix from column arrays (the shape Arrow and DuckDB hand over). */
export function fromColumns(columns: readonly string[], arrays: ArrayLike<number>[]): Matrix {
  const rows = arrays.length ? arrays[0].length : 0;
  const cols = columns.length;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const col = arrays[j];
    for (let i = 0; i < rows; i++) data[i * cols + j] = col[i];
  }
  return { rows, cols, data, columns };
}

/** The rows at `indices`, in that order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) {
    const start = indices[k] * m.cols;
    out.set(m.data.subarray(start, start + m.cols), k * m.cols);
  }
  return { rows: indices.length, cols: m.cols, data: out, columns: m.columns };
}
