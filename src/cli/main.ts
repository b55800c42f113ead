#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isFsError, fsErrorMessage } from '../node/fsErrors.js';
import { DivergenceError, InputError } from '../util/errors.js';

/**
 * The commands, each loaded only when it runs: `softmax --help` and a bad flag answer without loading
 * the model, the kernels or the report's chart libraries.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  train: {
    summary: 'train a classifier, evaluate it on the test set and save a run folder',
    load: async () => (await import('./train.js')).trainCommand(),
  },
  eval: {
    summary: 'evaluate a saved model on a test set',
    load: async () => (await import('./eval.js')).evalCommand(),
  },
  predict: {
    summary: 'classify image files and print the three most probable classes',
    load: async () => (await import('./predict.js')).predictCommand(),
  },
  sweep: {
    summary: 'train every combination of comma-separated flag values and tabulate them',
    load: async () => (await import('./sweep.js')).sweepCommand(),
  },
  reproduce: {
    summary: "rerun the original write-up's Tables 1 and 2 next to the published figures",
    load: async () => (await import('./reproduce.js')).reproduceCommand(),
  },
  report: {
    summary: 'rebuild report.html from a run folder',
    load: async () => (await import('./report.js')).reportCommand(),
  },
  serve: {
    summary: 'serve the web page (train, watch and try it in a browser) and run folders, read-only',
    load: async () => (await import('./serve.js')).serveCommand(),
  },
};

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * `softmax`: every user mistake (bad flag, value, file) ends in one line naming it, exit code 2, and no
 * stack trace; a diverging run ends with exit code 3. Anything else is a bug and keeps its stack.
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command('softmax')
    .description('Train, evaluate and explain softmax classifiers (multinomial logistic regression)')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  const name = argv[2];
  for (const [cmdName, spec] of Object.entries(COMMANDS)) {
    // Only the command that runs is loaded; the others are listed with their summary for --help.
    const cmd = cmdName === name ? await spec.load() : new Command(cmdName).description(spec.summary);
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
      // Our parsers' messages already name the flag and value: drop commander's preamble before them.
      const message = err.message
        .replace(/^error: /, '')
        .replace(/^option '[^']*' argument '[\s\S]*' is invalid\. (?=--)/, '')
        .replace(/\s*\n\s*/g, ' ');
      process.stderr.write(`softmax: ${oneLine(message)}\n`);
      return 2;
    }
    if (err instanceof InputError || err instanceof DivergenceError) {
      process.stderr.write(`softmax: ${oneLine(err.message)}\n`);
      return err.exitCode;
    }
    // A file-system fault that reached here unnamed (a full disk, a read-only folder): still one line.
    if (isFsError(err)) {
      process.stderr.write(`softmax: ${oneLine(fsErrorMessage(err))}\n`);
      return 2;
    }
    throw err;
  }
}

/** Messages carry user data (file names, class names): keep them to one line. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
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
