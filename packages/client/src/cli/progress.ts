import { SingleBar } from 'cli-progress';
import type { ProgressCallback } from '../index.node.js';
import { formatBytes } from './output.js';

export interface ProgressReporter {
  readonly onProgress: ProgressCallback | undefined;
  stop(): void;
}

const NONE: ProgressReporter = { onProgress: undefined, stop: () => undefined };

/**
 * A progress bar with bytes, speed and ETA on stderr, only when stderr is a terminal (nothing when piped or with
 * --json). cli-progress draws and throttles; we only feed it byte counts and format the payload.
 */
export function progressBar(label: string, enabled: boolean): ProgressReporter {
  if (!enabled || process.stderr.isTTY !== true) return NONE;
  const started = Date.now();
  const bar = new SingleBar(
    {
      format: `${label} {bar} {percentage}% | {done} / {size} | {speed} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 10,
      barCompleteChar: '█',
      barIncompleteChar: '░',
    },
  );
  let begun = false;
  return {
    onProgress({ loaded, total }) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const payload = { done: formatBytes(loaded), size: total === undefined ? '?' : formatBytes(total), speed: `${formatBytes(loaded / seconds)}/s` };
      if (!begun) {
        bar.start(total ?? 0, loaded, payload);
        begun = true;
      } else {
        if (total !== undefined) bar.setTotal(total);
        bar.update(loaded, payload);
      }
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}
