import type { BlobStore } from '../blobs/blob-store.js';
import { nowIso } from '../domain/clock.js';
import type { Store } from '../db/repositories/index.js';

export interface GcOptions {
  /**
   * Grace period: blobs claimed by an upload more recently than this, and staging leftovers younger
   * than this, are left alone (an upload may be between its claim and its commit, on any replica).
   */
  readonly olderThanMs: number;
  /** Report what would be done without changing anything. */
  readonly dryRun: boolean;
}

export interface GcReport {
  /** Blobs whose reference count disagreed with the formats that point at them. */
  readonly recounted: Array<{ sha256: string; from: number; to: number }>;
  /** Blobs nothing references any more, bytes and row removed. */
  readonly deleted: string[];
  /** Blobs left alone because an upload claimed them within the grace period. */
  readonly recent: string[];
  /** Staging objects and unfinished multipart uploads removed (undefined in a dry run). */
  readonly staging: number | undefined;
}

/**
 * Repairs what crashes leave behind, safely while servers run: recounts every blob's references from
 * the formats table (the truth), deletes blobs nothing references and bytes that have no row, and
 * sweeps old staging leftovers. Each blob is handled while holding its row, the same lock an upload's
 * claim takes, so gc and uploads on any replica cannot remove bytes from under each other.
 */
export class GarbageCollector {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
  ) {}

  async run(options: GcOptions): Promise<GcReport> {
    const report: GcReport = { recounted: [], deleted: [], recent: [], staging: undefined };
    const cutoff = new Date(Date.now() - options.olderThanMs).toISOString();
    const known = new Set<string>();
    for (const row of await this.store.read.blobs.all()) {
      known.add(row.sha256);
      await this.examine(row.sha256, cutoff, options.dryRun, report);
    }
    // Bytes with no row at all (their row was removed but deleting the object failed, or a restore).
    for await (const sha256 of this.blobs.list()) {
      if (!known.has(sha256)) await this.examine(sha256, cutoff, options.dryRun, report);
    }
    if (!options.dryRun) {
      const staging = await this.blobs.sweepStaging(options.olderThanMs);
      return { ...report, staging };
    }
    return report;
  }

  private async examine(sha256: string, cutoff: string, dryRun: boolean, report: GcReport): Promise<void> {
    if (dryRun) {
      const row = (await this.store.read.blobs.find(sha256)) ?? { ref_count: 0, claimed_at: null };
      assess(sha256, row, await this.store.read.formats.countReferences(sha256), cutoff, report);
      return;
    }
    await this.store.transaction(async (repos) => {
      // `lock` waits for, and then holds off, any upload claiming this blob on any replica.
      const row = await repos.blobs.lock(sha256, nowIso());
      const change = assess(sha256, row, await repos.formats.countReferences(sha256), cutoff, report);
      if (change === undefined) return;
      if (change.to !== change.from) await repos.blobs.setCount(sha256, change.to);
      if (change.to === 0) {
        await this.blobs.delete(sha256);
        await repos.blobs.remove(sha256);
      }
    });
  }
}

/** Records what should happen to one blob; undefined when nothing should. */
function assess(
  sha256: string,
  row: { ref_count: number; claimed_at: string | null },
  references: number,
  cutoff: string,
  report: GcReport,
): { from: number; to: number } | undefined {
  if (row.claimed_at !== null && row.claimed_at > cutoff) {
    report.recent.push(sha256);
    return undefined;
  }
  const from = Number(row.ref_count);
  if (from !== references) report.recounted.push({ sha256, from, to: references });
  if (references === 0) report.deleted.push(sha256);
  return from !== references || references === 0 ? { from, to: references } : undefined;
}
