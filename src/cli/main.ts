#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { DivergenceError, InputError } from '../util/errors.js';
import { trainCommand } from './train.js';
import { evalCommand } from './eval.js';
import { predictCommand } from './predict.js';
import { reportCommand } from './report.js';
import { reproduceCommand } from './reproduce.js';
import { sweepCommand } from './sweep.js';

/**
 * `softmax`: every user mistake (bad flag, value, file) ends in one line naming it, exit code 2, and no
 * stack trace; a diverging run ends with exit code 3. Anything else is a bug and keeps its stack.
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command('softmax')
    .description('Train, evaluate and explain softmax classifiers on Fashion-MNIST and other IDX image sets')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  for (const cmd of [
    trainCommand(),
    evalCommand(),
    predictCommand(),
    sweepCommand(),
    reproduceCommand(),
    reportCommand(),
  ]) {
    cmd.exitOverride().configureOutput({ writeErr: () => {} });
    program.addCommand(cmd);
  }
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      if (err.code === 'commander.help' || (err.code === 'commander.missingArgument' && argv.length <= 2)) {
        process.stderr.write(program.helpInformation());
        return 2;
      }
      process.stderr.write(`softmax: ${err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    if (err instanceof InputError || err instanceof DivergenceError) {
      process.stderr.write(`softmax: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `softmax: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
