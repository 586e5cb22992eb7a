import type { PicklePolicy } from '../config.js';
import { Unprocessable } from '../domain/errors.js';
import type { FormatId } from '../domain/formats.js';
import {
  createInspectionSink,
  type InspectableFormat,
  type Inspection,
  InspectionRejected,
  type InspectionSink,
  inspectStream,
} from '../inspect/inspector.js';

/**
 * The glue between the upload path and the format inspectors (src/inspect): one inspector per
 * upload, fed every chunk as it streams to storage, and the translation of what it finds into
 * domain errors. Nothing here ever executes or deserializes the file.
 */

/** Every registry format has an inspector; this is where that is checked by the compiler. */
const INSPECTED: Record<FormatId, InspectableFormat> = {
  pkl: 'pkl',
  joblib: 'joblib',
  rda: 'rda',
  rds: 'rds',
  pmml: 'pmml',
  onnx: 'onnx',
};

/** A content mismatch or a malformed file: 422 naming the format, what was expected and what was found. */
export function refusal(format: FormatId, rejected: InspectionRejected): Unprocessable {
  return new Unprocessable(`the file uploaded as ${format} is refused: ${rejected.message}`, { field: 'body' });
}

/** Under MODELRY_PICKLE_POLICY=block a dangerous pickle is refused; under warn it is stored, flagged. */
export function enforcePolicy(format: FormatId, policy: PicklePolicy, inspection: Inspection): void {
  if (policy !== 'block' || inspection.verdict !== 'dangerous') return;
  const named = inspection.details.dangerousGlobals;
  const globals = Array.isArray(named) && named.length > 0 ? named.map(String).join(', ') : 'unknown callables';
  throw new Unprocessable(
    `the ${format} file would run dangerous code when loaded (${globals}); MODELRY_PICKLE_POLICY=block refuses such files`,
    { field: 'body' },
  );
}

/**
 * One upload's inspector. `observe` is handed to the blob store so the inspector reads the bytes
 * as they stream in; it throws as soon as the content is known to be wrong, which stops the
 * upload early instead of storing the rest of a file that will be refused.
 * Whoever creates one must end it with `finish()` or `abort()`: the xz decoder is shared by the
 * whole process, and an inspection left open would hold it.
 */
export class UploadInspection {
  private readonly sink: InspectionSink & { readonly rejected?: InspectionRejected | null };

  constructor(private readonly format: FormatId) {
    this.sink = createInspectionSink(INSPECTED[format]);
  }

  readonly observe = (chunk: Uint8Array): void | Promise<void> => {
    const pending = this.sink.write(chunk);
    if (pending === undefined) return this.stopIfRejected();
    return pending.then(() => this.stopIfRejected());
  };

  private stopIfRejected(): void {
    const rejected = this.sink.rejected;
    if (rejected !== null && rejected !== undefined) throw refusal(this.format, rejected);
  }

  /** The inspection of the complete file, or the 422 that refuses it. */
  async finish(): Promise<Inspection> {
    try {
      return await this.sink.finish();
    } catch (error) {
      throw error instanceof InspectionRejected ? refusal(this.format, error) : error;
    }
  }

  /** Releases the inspector after a failed upload (idempotent; harmless after finish). */
  abort(): void {
    this.sink.abort();
  }
}

/** Inspects a stored file again (after an inspector improved). */
export async function reinspect(format: FormatId, source: AsyncIterable<Uint8Array>): Promise<Inspection> {
  try {
    return await inspectStream(INSPECTED[format], source);
  } catch (error) {
    throw error instanceof InspectionRejected ? refusal(format, error) : error;
  }
}
