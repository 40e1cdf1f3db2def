/**
 * Every command shares the same contract: `--json`, `--quiet`, usually `--config`, progress on
 * stderr, one result on stdout, exit codes from execute(). Commands declare only what differs.
 */
import { Command } from 'commander';
import { execute, type CommandOutput, type Io } from './execute.ts';
import type { Progress } from '../../core/progress.ts';

export interface CommandSpec {
  name: string;
  description: string;
  examples: string[];
  /** Whether the command takes `--config <file>`; `optional` documents it as such. */
  config: 'required' | 'optional' | 'none';
  /** Adds the command's own arguments and options. */
  configure?: (command: Command) => Command;
  /** Runs the library call; `options` holds every parsed option, `args` the positional ones. */
  run(options: Record<string, unknown>, progress: Progress, args: string[]): Promise<CommandOutput>;
}

export type CommandFactory = (setExit: (code: number) => void, io: Io) => Command;

export function defineCommand(spec: CommandSpec): CommandFactory {
  return (setExit, io) => {
    let command = new Command(spec.name).description(spec.description);
    if (spec.config !== 'none') {
      command = command.option('--config <file>', `config file (YAML or JSON)${spec.config === 'optional' ? ', optional' : ''}`);
    }
    command = (spec.configure ? spec.configure(command) : command)
      .option('--json', 'print exactly one JSON object on stdout')
      .option('--quiet', 'no progress on stderr')
      .addHelpText('after', `\nExample${spec.examples.length > 1 ? 's' : ''}:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`);
    return command.action(async (...received: unknown[]) => {
      // commander passes positional arguments first, then the options object, then the command.
      const args = received.slice(0, -2).filter((a): a is string => typeof a === 'string');
      const options = received[received.length - 2] as Record<string, unknown>;
      const output = { json: options.json === true, quiet: options.quiet === true };
      setExit(await execute(output, (progress) => spec.run(options, progress, args), io));
    });
  };
}
