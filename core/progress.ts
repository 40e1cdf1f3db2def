/**
 * Progress and log lines go to stderr, never stdout: with `--json` stdout carries exactly one
 * JSON object, so batch jobs can parse it.
 */
import { redactSecrets } from './errors.ts';

export interface Progress {
  /** A stage starts; returns a function that marks it done and logs its duration. */
  stage(name: string): (summary?: string) => void;
  info(message: string): void;
  warn(message: string): void;
}

export interface ProgressOptions {
  /** Where lines go; stderr by default. */
  write?: (line: string) => void;
  quiet?: boolean;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (line: string) => {
    if (!options.quiet) write(redactSecrets(line));
  };
  return {
    stage(name) {
      const started = performance.now();
      emit(`… ${name}`);
      return (summary) => {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        emit(`✓ ${name}${summary ? `: ${summary}` : ''} (${seconds}s)`);
      };
    },
    info: (message) => emit(`  ${message}`),
    warn: (message) => emit(`! ${message}`),
  };
}

/** A Progress that prints nothing: the default for library calls. */
export const silentProgress: Progress = createProgress({ quiet: true });
