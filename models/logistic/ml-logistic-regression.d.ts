// The package ships no types; this covers the part the gradient-descent baseline uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    /** One-vs-all: classifiers[k] scores "not class k" (labels must be 0 … K−1). */
    classifiers: Array<{ weights: Matrix | null }>;
    numberClasses: number;
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
  }
}
