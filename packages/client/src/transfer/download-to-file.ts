import { VerifiedFileSink, type SavedFile } from './file-sink.js';
import type { FormatDownload } from './download.js';

export type { SavedFile } from './file-sink.js';

/**
 * Saves an opened download (`formats.download()`) to `destination` safely: into a temp file in the same directory,
 * fsynced, its sha256 checked against the one the server announced, then renamed over the destination. A failure
 * leaves nothing behind. (`formats.downloadToFile()` does the same without the web stream, and is faster.)
 */
export async function saveDownload(download: FormatDownload, destination: string): Promise<SavedFile> {
  const sink = await VerifiedFileSink.open(destination);
  const reader = download.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!sink.write(value)) await sink.drained();
    }
    return await sink.commit(download.sha256);
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    await sink.discard();
    throw error;
  }
}
