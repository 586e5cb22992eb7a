// Streaming decompression in front of a format parser. gzip/zlib (fflate) and bzip2
// (unbzip2-stream, a synchronous `through` stream) decode inside write(); xz goes through
// xz-decompress's WebAssembly decoder, which only offers a web ReadableStream, so its write()
// returns a promise (backpressure) per chunk. Output is handed on as it is produced and never
// accumulated, and a decompression bomb is cut off by an expansion limit.

import { Gunzip, Unzlib } from 'fflate';
import unbzip2 from 'unbzip2-stream';
import xz from 'xz-decompress';
import type { Container } from './sniff.js';

export interface Stage {
  write(chunk: Uint8Array): void | Promise<void>;
  end(): Promise<void>;
  abort(): void;
}

/** The compressed bytes themselves are bad (as opposed to the parser refusing what they hold). */
export class DecompressError extends Error {}

/** Decompressed output may exceed the input by this factor once past EXPANSION_FLOOR bytes. */
// xz-decompress is a CommonJS (UMD) bundle: its named export is only reachable from the default.
const { XzReadableStream } = xz;

const EXPANSION_RATIO = 1000;
const EXPANSION_FLOOR = 256 * 1024 * 1024;

type Sink = (chunk: Uint8Array) => void;

/** Wraps `out` so the parser's own errors pass through untouched and bombs are stopped. */
class Meter {
  inBytes = 0;
  outBytes = 0;
  downstream: unknown = null;

  constructor(private readonly out: Sink) {}

  readonly emit = (chunk: Uint8Array): void => {
    this.outBytes += chunk.length;
    if (this.outBytes > EXPANSION_FLOOR && this.outBytes > this.inBytes * EXPANSION_RATIO) {
      throw new DecompressError(`it expands more than ${EXPANSION_RATIO}-fold (a decompression bomb)`);
    }
    try {
      this.out(chunk);
    } catch (e) {
      this.downstream = e;
      throw e;
    }
  };

  /** Rethrows the parser's error as is; wraps a decoder's own failure in DecompressError. */
  rethrow(e: unknown): never {
    if (e === this.downstream || e instanceof DecompressError) throw e;
    throw new DecompressError(e instanceof Error ? e.message : String(e));
  }
}

function flateStage(decoder: Gunzip | Unzlib, meter: Meter): Stage {
  decoder.ondata = (data) => meter.emit(data);
  return {
    write(chunk) {
      meter.inBytes += chunk.length;
      try {
        decoder.push(chunk, false);
      } catch (e) {
        meter.rethrow(e);
      }
    },
    async end() {
      try {
        decoder.push(new Uint8Array(0), true);
      } catch (e) {
        meter.rethrow(e);
      }
    },
    abort() {},
  };
}

function bzip2Stage(meter: Meter): Stage {
  const stream = unbzip2();
  let failure: unknown = null;
  stream.on('data', (d: Uint8Array) => {
    if (failure === null) meter.emit(d);
  });
  stream.on('error', (e: unknown) => {
    failure ??= e;
  });
  const check = (): void => {
    if (failure !== null) meter.rethrow(failure);
  };
  return {
    write(chunk) {
      meter.inBytes += chunk.length;
      check();
      try {
        stream.write(chunk);
      } catch (e) {
        meter.rethrow(e);
      }
      check();
    },
    async end() {
      check();
      stream.end();
      check();
    },
    abort() {
      failure ??= new DecompressError('aborted');
    },
  };
}

export function decompressor(container: Exclude<Container, 'none' | 'lzma'>, out: Sink): Stage {
  const meter = new Meter(out);
  switch (container) {
    case 'gzip': return flateStage(new Gunzip(), meter);
    case 'zlib': return flateStage(new Unzlib(), meter);
    case 'bzip2': return bzip2Stage(meter);
    case 'xz': return new XzStage(meter);
  }
}

/**
 * Feeds chunks into XzReadableStream one at a time: write() resolves when the decoder asks for
 * more input, so at most one compressed chunk waits. Aborting errors the input stream, which
 * makes the decoder release its (library-wide) context instead of waiting forever.
 */
class XzStage implements Stage {
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private wake: (() => void) | null = null;
  private failure: unknown = null;
  private readonly drained: Promise<void>;

  constructor(private readonly meter: Meter) {
    const input = new ReadableStream<Uint8Array>(
      {
        start: (c) => void (this.controller = c),
        pull: () => this.release(),
      },
      { highWaterMark: 1 },
    );
    this.drained = this.drain(new XzReadableStream(input));
  }

  private release(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async drain(output: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) {
        if (this.failure === null && chunk.length > 0) this.meter.emit(chunk);
      }
    } catch (e) {
      this.failure ??= e;
    } finally {
      this.release();
    }
  }

  write(chunk: Uint8Array): void | Promise<void> {
    if (this.failure !== null) return this.meter.rethrow(this.failure);
    this.meter.inBytes += chunk.length;
    const c = this.controller as ReadableStreamDefaultController<Uint8Array>;
    c.enqueue(chunk);
    if ((c.desiredSize ?? 0) > 0) return;
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  async end(): Promise<void> {
    if (this.failure === null) this.controller?.close();
    await this.drained;
    if (this.failure !== null) this.meter.rethrow(this.failure);
  }

  abort(): void {
    this.failure ??= new DecompressError('aborted');
    try {
      this.controller?.error(this.failure);
    } catch {
      // already closed or errored
    }
  }
}
