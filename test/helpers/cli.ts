/** Runs the CLI in-process and captures what it prints, as a batch job would see it. */
import { main } from '../../pipelines/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the single JSON object --json promises (throws if it is anything else). */
  json(): Record<string, any>;
}

export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'leadscore', ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return {
    code,
    stdout,
    stderr,
    json() {
      const lines = stdout.trim().split('\n');
      if (lines.length !== 1) throw new Error(`expected one JSON line on stdout, got ${lines.length}:\n${stdout}`);
      return JSON.parse(lines[0]);
    },
  };
}
