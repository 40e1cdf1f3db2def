/**
 * Typed errors. Library code throws these; only the CLI edge turns them into a message and an
 * exit code, so nothing below `pipelines/cli` ever calls `process.exit`.
 */

/** Exit codes of the CLI contract: batch jobs rely on them. */
export const ExitCode = { ok: 0, failure: 1, badInput: 2 } as const;

export type ErrorCode =
  | 'usage' // bad command-line usage
  | 'config' // config file missing, unparsable or invalid
  | 'input' // input data unusable as a whole (missing file, missing required column, ...)
  | 'model' // model artifact missing or not matching the data
  | 'not_fitted' // an estimator was used before fit()
  | 'warehouse' // reading or writing the warehouse failed
  | 'internal';

export interface LeadscoreErrorDetails {
  /** Where: a file, a config key, a table. */
  where?: string;
  /** What was received. */
  received?: unknown;
  /** What was expected. */
  expected?: string;
  /** What the user can do about it. */
  hint?: string;
}

export class LeadscoreError extends Error {
  readonly code: ErrorCode;
  readonly details: LeadscoreErrorDetails;

  constructor(code: ErrorCode, message: string, details: LeadscoreErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LeadscoreError';
    this.code = code;
    this.details = details;
  }

  /** Bad usage, config or input data exit 2; everything else 1. */
  get exitCode(): number {
    return this.code === 'usage' || this.code === 'config' || this.code === 'input' || this.code === 'model'
      ? ExitCode.badInput
      : ExitCode.failure;
  }
}

export class ConfigError extends LeadscoreError {
  constructor(message: string, details: LeadscoreErrorDetails = {}) {
    super('config', message, details);
    this.name = 'ConfigError';
  }
}

export class InputError extends LeadscoreError {
  constructor(message: string, details: LeadscoreErrorDetails = {}) {
    super('input', message, details);
    this.name = 'InputError';
  }
}

export class NotFittedError extends LeadscoreError {
  constructor(what: string) {
    super('not_fitted', `${what} is not fitted: call fit() first`);
    this.name = 'NotFittedError';
  }
}

/** Removes credentials from anything that might reach a log, an error message or a report. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@')
    .replace(/(password\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;&]+)/gi, '$1***');
}
