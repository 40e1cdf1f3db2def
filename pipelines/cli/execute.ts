/**
 * The CLI edge: runs one command's library call, prints its result (one JSON object on stdout
 * with --json, a readable summary otherwise) and turns every error into a message and an exit
 * code. This is the only place that decides exit codes.
 */
import { ExitCode, LeadscoreError, redactSecrets } from '../../core/errors.ts';
import { createProgress, type Progress } from '../../core/progress.ts';

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

export interface CommandOutput {
  /** The machine-readable result (printed with --json). */
  json: Record<string, unknown>;
  /** The human summary (printed without --json). */
  text: string;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Formats an error for a person: the message, then where/expected/hint when known. */
export function describeError(error: unknown): { code: string; message: string; exitCode: number } {
  if (error instanceof LeadscoreError) {
    const extra = [error.details.expected && `expected: ${error.details.expected}`, error.details.hint && `hint: ${error.details.hint}`]
      .filter(Boolean)
      .join('\n');
    return { code: error.code, message: redactSecrets(extra ? `${error.message}\n${extra}` : error.message), exitCode: error.exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: redactSecrets(`unexpected failure: ${message}`), exitCode: ExitCode.failure };
}

export async function execute(
  options: OutputOptions,
  action: (progress: Progress) => Promise<CommandOutput>,
  io: Io = processIo,
): Promise<number> {
  const progress = createProgress({ quiet: options.quiet, write: (line) => io.stderr(line + '\n') });
  try {
    const output = await action(progress);
    io.stdout(options.json ? JSON.stringify({ ok: true, ...output.json }) + '\n' : output.text + '\n');
    return ExitCode.ok;
  } catch (error) {
    const described = describeError(error);
    io.stderr(`leadscore: ${described.message}\n`);
    if (process.env.LEADSCORE_DEBUG && error instanceof Error && error.stack) io.stderr(redactSecrets(error.stack) + '\n');
    if (options.json) io.stdout(JSON.stringify({ ok: false, error: { code: described.code, message: described.message } }) + '\n');
    return described.exitCode;
  }
}
