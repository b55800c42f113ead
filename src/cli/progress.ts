import cliProgress from 'cli-progress';

/** A progress bar over epochs on stderr: loss, training accuracy, elapsed and remaining time. */
export interface EpochProgress {
  update(epoch: number, loss: number, trainAccuracy: number): void;
  stop(): void;
}

export function epochProgress(total: number, enabled: boolean): EpochProgress {
  // cli-progress draws only on a TTY; in pipes and CI it stays silent, which is what logs want.
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format:
        'training |{bar}| epoch {value}/{total} | loss {loss} | train acc {acc} | {duration_formatted} elapsed, ~{eta_formatted} left',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { loss: '-', acc: '-' });
  return {
    update(epoch, loss, trainAccuracy) {
      bar.update(epoch, { loss: loss.toFixed(4), acc: `${(100 * trainAccuracy).toFixed(1)}%` });
    },
    stop() {
      bar.stop();
    },
  };
}
