// Shared helpers for the inspector tests: where the fixtures are, the manifest, and ways of
// feeding one file to an inspector in different chunkings.

import { readFileSync } from 'node:fs';
import { type InspectableFormat, type Inspection, inspectStream } from '../../../src/inspect/inspector.js';

/** shared/ is a sibling of the repository root. */
export const FIXTURES = new URL('../../../../../../shared/fixtures/models/', import.meta.url);
export const LOCAL_DATA = new URL('./data/', import.meta.url);

export interface ManifestEntry {
  file: string;
  format: string;
  format_id: string;
  kind: 'good' | 'malicious' | 'broken';
  size: number;
  [key: string]: unknown;
}

export const manifest: { files: ManifestEntry[] } = JSON.parse(readFileSync(new URL('MANIFEST.json', FIXTURES), 'utf8'));

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

export function localData(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, LOCAL_DATA)));
}

/** The registry format id an entry is uploaded under (pickle and joblib both arrive as pkl). */
export function formatOf(e: ManifestEntry): InspectableFormat {
  if (e.format === 'pickle' || e.format === 'joblib') return 'pkl';
  return e.format as InspectableFormat;
}

export async function* chunks(bytes: Uint8Array, sizes: Iterable<number>): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    yield bytes.subarray(at, at + Math.max(1, size));
    at += Math.max(1, size);
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

export function whole(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  return chunks(bytes, []);
}

export function oneByteChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  return chunks(bytes, new Array<number>(bytes.length).fill(1));
}

/** Deterministic pseudo-random chunk sizes (1..max) so failures reproduce. */
export function randomSplits(bytes: Uint8Array, seed: number, max = 97): AsyncGenerator<Uint8Array> {
  let s = seed >>> 0 || 1;
  const sizes: number[] = [];
  for (let total = 0; total < bytes.length; ) {
    s = (s * 1103515245 + 12345) >>> 0;
    const n = 1 + (s % max);
    sizes.push(n);
    total += n;
  }
  return chunks(bytes, sizes);
}

export function inspect(format: InspectableFormat, bytes: Uint8Array): Promise<Inspection> {
  return inspectStream(format, whole(bytes));
}
