/**
 * The one surface every model shares (scikit-learn style): the constructor stores validated
 * parameters, `fit` learns state, `predictProba` uses it, and `toJSON`/`fromJSON` round-trip the
 * learned state so a model can be saved as an artifact and loaded by the scorer.
 */
import type { Matrix } from './matrix.ts';

export type Labels = Uint8Array; // 1 = converted, 0 = not

export interface FitOptions {
  /** Per-row weights (class weights are expanded into these). */
  sampleWeight?: Float64Array;
  /** Called with progress messages during long fits. */
  onProgress?: (message: string) => void;
}

export interface ModelDescription {
  kind: string;
  params: Record<string, unknown>;
  /** Facts about the fit: iterations, convergence, solver, backend, seconds. */
  fit: Record<string, unknown>;
}

export interface Estimator<P = Record<string, unknown>> {
  readonly kind: string;
  readonly params: P;
  readonly fitted: boolean;
  fit(X: Matrix, y: Labels, options?: FitOptions): Promise<this> | this;
  /** Probability of conversion for every row of X. Throws NotFittedError before fit. */
  predictProba(X: Matrix): Float64Array;
  describe(): ModelDescription;
  /** The learned state and parameters, JSON-safe. */
  toJSON(): unknown;
}

/** A feature's contribution to one prediction, in encoded-column terms. */
export interface Contribution {
  column: string;
  /** Contribution to the log-odds relative to the training mean. */
  logOdds: number;
}

/** Models that can explain single predictions. */
export interface Explainer {
  contributions(X: Matrix, row: number, top: number): Contribution[];
}
