// Entry point of the format inspectors: a sink the upload path writes every chunk into while
// the file streams to storage, and which afterwards yields an Inspection or an
// InspectionRejected. It holds back only the first SNIFF_BYTES to recognise the content (and
// its compression), then hands bytes to the format's synchronous parser as they arrive.

import { DecompressError, type Stage, decompressor } from './decompress.js';
import { OnnxParser } from './onnx-inspector.js';
import { PickleParser, PICKLE_INSPECTOR_VERSION } from './pickle-inspector.js';
import { PmmlParser } from './pmml-inspector.js';
import { RParser } from './r-inspector.js';
import { type Container, SNIFF_BYTES, couldBePickle, detectContainer, sniff } from './sniff.js';
import { type ByteParser, type InspectableFormat, type Inspection, InspectionRejected, reject } from './types.js';

export * from './types.js';
export { sniff } from './sniff.js';

export interface InspectionSink {
  write(chunk: Uint8Array): void | Promise<void>;
  finish(): Promise<Inspection>;
  abort(): void;
}

const EXPECTED: Record<InspectableFormat, string> = {
  pkl: 'a Python pickle',
  joblib: 'a joblib or pickle file',
  rda: 'R data (save()/saveRDS())',
  rds: 'R data (save()/saveRDS())',
  pmml: 'PMML (XML)',
  onnx: 'an ONNX model (protobuf)',
};

interface Pipeline {
  stage: Stage | null; // decompressor in front of the parser, if any
  parser: ByteParser;
}

const R_CONTAINERS: Container[] = ['none', 'gzip', 'bzip2', 'xz'];

/** Picks the parser (and decompressor) for the declared format, or refuses the content outright. */
function openPipeline(format: InspectableFormat, head: Uint8Array): Pipeline {
  const expected = EXPECTED[format];
  if (head.length === 0) throw reject(expected, 'an empty file');
  const container = detectContainer(head);
  const refuse = (): never => {
    throw reject(expected, sniff(head));
  };
  switch (format) {
    case 'pkl':
    case 'joblib':
      if (container === 'none' && !couldBePickle(head)) refuse();
      if (container === 'lzma') return { stage: null, parser: new UnscannedLzma() };
      return withContainer(container, new PickleParser(container, format === 'joblib'));
    case 'rda':
    case 'rds':
      if (!R_CONTAINERS.includes(container)) refuse();
      return withContainer(container, new RParser(container, head));
    case 'pmml':
      if (container !== 'none') refuse();
      return { stage: null, parser: new PmmlParser(head) };
    case 'onnx':
      if (container !== 'none' || /XML|text|pickle|R /.test(sniff(head))) refuse();
      return { stage: null, parser: new OnnxParser(head) };
  }
}

function withContainer(container: Container, parser: ByteParser): Pipeline {
  if (container === 'none' || container === 'lzma') return { stage: null, parser };
  return { stage: decompressor(container, (c) => parser.push(c)), parser };
}

/**
 * LZMA-alone (joblib compress='lzma') has no streaming decoder among our dependencies: the file
 * is accepted but marked suspicious, because its globals could not be checked.
 */
class UnscannedLzma implements ByteParser {
  private bytes = 0;
  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
  }
  end(): Inspection {
    return {
      kind: 'joblib',
      verdict: 'suspicious',
      summary: 'joblib file compressed with LZMA-alone, which is not scanned: its globals are unknown',
      details: { container: 'lzma', scanned: false, compressedBytes: this.bytes },
      inspectorVersion: PICKLE_INSPECTOR_VERSION,
    };
  }
}

/** Turns anything thrown while inspecting into an InspectionRejected for this format. */
function asRejection(format: InspectableFormat, e: unknown): InspectionRejected {
  if (e instanceof InspectionRejected) return e;
  if (e instanceof DecompressError) return reject(EXPECTED[format], 'corrupt compressed data', e.message);
  // A bug in an inspector must not become a 500 for the uploader; the message says so.
  const message = e instanceof Error ? e.message : String(e);
  return reject(EXPECTED[format], 'content the inspector could not read', `inspector failed: ${message}`);
}

class FormatSink implements InspectionSink {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private pipeline: Pipeline | null = null;
  private failure: InspectionRejected | null = null;

  constructor(private readonly format: InspectableFormat) {}

  /** The rejection already known before finish(), so the caller may stop early. */
  get rejected(): InspectionRejected | null {
    return this.failure;
  }

  write(chunk: Uint8Array): void | Promise<void> {
    if (this.failure !== null || chunk.length === 0) return;
    try {
      if (this.pipeline === null) return this.buffer(chunk);
      return this.forward(this.pipeline, chunk);
    } catch (e) {
      this.fail(e);
    }
  }

  private buffer(chunk: Uint8Array): void | Promise<void> {
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= SNIFF_BYTES) return this.open();
  }

  private open(): void | Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.pipeline = openPipeline(this.format, new Uint8Array(head.buffer, head.byteOffset, head.length));
    return this.forward(this.pipeline, head);
  }

  private forward(p: Pipeline, chunk: Uint8Array): void | Promise<void> {
    if (p.stage === null) return p.parser.push(chunk);
    const pending = p.stage.write(chunk);
    if (pending !== undefined) return pending.catch((e: unknown) => this.fail(e));
  }

  private fail(e: unknown): void {
    this.failure ??= asRejection(this.format, e);
    this.pipeline?.stage?.abort();
  }

  async finish(): Promise<Inspection> {
    try {
      if (this.failure === null && this.pipeline === null) await this.open();
      if (this.failure !== null) throw this.failure;
      const p = this.pipeline as Pipeline;
      if (p.stage !== null) await p.stage.end();
      if (this.failure !== null) throw this.failure;
      return p.parser.end();
    } catch (e) {
      this.fail(e);
      throw this.failure;
    }
  }

  abort(): void {
    this.failure ??= new InspectionRejected(EXPECTED[this.format], 'an aborted upload', 'the upload was aborted');
    this.pipeline?.stage?.abort();
    this.head = [];
  }
}

export function createInspectionSink(format: InspectableFormat): InspectionSink {
  return new FormatSink(format);
}

/** Inspects a whole stream (re-inspection of a stored blob, tests). */
export async function inspectStream(format: InspectableFormat, source: AsyncIterable<Uint8Array>): Promise<Inspection> {
  const sink = createInspectionSink(format);
  try {
    for await (const chunk of source) {
      await sink.write(chunk);
    }
  } catch (e) {
    sink.abort();
    throw e;
  }
  return sink.finish();
}
