import { openNewRunFolder, openRunFolder, type RunFolderTransaction } from '../node/runFolder.js';
import { InputError } from '../util/errors.js';

/** Exit codes of a run stopped by a signal, as a shell reports them (128 + the signal's number). */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * The run folder of a command: --out DIR, or runs/<timestamp>/ without it, opened as a transaction
 * (see node/runFolder.ts) that the command commits once every file is written and closes in a
 * `finally`. Until then Ctrl-C or SIGTERM removes the files written so far, releases the folder and
 * exits with one line, leaving DIR as it was. `keepExisting` starts from the folder's files (softmax
 * report); `label` names the folder in messages.
 */
export function openRunDir(
  out: string | undefined,
  opts: { keepExisting?: boolean; label?: string } = {},
): RunFolderTransaction {
  const label = opts.label ?? '--out';
  if (out === '') throw new InputError(`${label}: empty; give a folder (or leave ${label} out)`);
  // Installed before the folder is opened: a signal between taking the lock and installing the handler
  // would otherwise end the process with the default action, leaving the lock for the next run to clean.
  let tx: RunFolderTransaction | undefined;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    tx?.close();
    process.stderr.write(
      `softmax: interrupted (${signal}); ${tx?.dir ?? out ?? 'the run folder'} is left as it was\n`,
    );
    process.exit(SIGNAL_EXIT[signal]);
  };
  const release = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    tx =
      out === undefined ? openNewRunFolder() : openRunFolder(out, { label, keepExisting: opts.keepExisting });
  } catch (err) {
    release();
    throw err;
  }
  tx.onClose(release);
  return tx;
}
