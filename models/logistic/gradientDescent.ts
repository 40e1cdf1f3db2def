import MlLogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';

/**
 * The `gradient-descent` baseline: `ml-logistic-regression` as published, kept only to compare
 * against. It runs a fixed number of plain gradient steps on the unregularised, unweighted log
 * loss (no C, no sample weights, no intercept of its own, no stopping rule), trains one-vs-all so
 * two classifiers for two classes, and goes through ml-matrix's allocating operations, so
 * it is slow and does not reach scikit-learn's optimum.
 *
 * Returns [w…, b] like the other solvers.
 */
export function gradientDescentBaseline(data: Float64Array, rows: number, cols: number, y: Uint8Array, steps: number): Float64Array {
  // An explicit column of ones stands in for the intercept the package lacks.
  const X = new Matrix(rows, cols + 1);
  for (let i = 0; i < rows; i++) {
    const row = X.getRow(i);
    for (let j = 0; j < cols; j++) row[j] = data[i * cols + j];
    row[cols] = 1;
    X.setRow(i, row);
  }
  const Y = Matrix.columnVector(Array.from(y));
  // The package steps along the summed (not averaged) gradient, so the rate is divided by the
  // row count to make the step on the mean loss 1, stable for standardised features.
  const model = new MlLogisticRegression({ numSteps: steps, learningRate: 1 / rows });
  model.train(X, Y);
  // Classifier 0 is trained on "label ≠ 0", i.e. on y itself.
  const weights = model.classifiers[0].weights;
  if (!weights) throw new Error('ml-logistic-regression returned no weights');
  return Float64Array.from(weights.to1DArray());
}
