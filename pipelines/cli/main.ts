/** `leadscore` command line: a thin layer over the library; one file per command in commands/. */
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../../core/errors.ts';
import { processIo, type Io } from './execute.ts';
import { demoCommand } from './commands/demo.ts';
import { featuresCommand } from './commands/features.ts';
import { trainCommand } from './commands/train.ts';
import { scoreCommand } from './commands/score.ts';
import { generateCommand } from './commands/generate.ts';
import { modelsCommand } from './commands/models.ts';
import { reportCommand } from './commands/report.ts';
import { version } from '../version.ts';

/** Runs the CLI and returns its exit code (never calls process.exit, so tests can call it). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command('leadscore')
    .description('Predictive lead scoring: features, models, scores written to your warehouse')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run leadscore --help for usage)');
  for (const make of [demoCommand, featuresCommand, trainCommand, scoreCommand, modelsCommand, reportCommand, generateCommand]) {
    program.addCommand(make(setExit, io).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      return benign.includes(error.code) ? ExitCode.ok : ExitCode.badInput;
    }
    throw error;
  }
  return exitCode;
}
