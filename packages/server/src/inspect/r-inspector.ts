// R save() / saveRDS() inspection over the decompressed bytes: the save() magic line
// ("RDX3\n", "RDX2\n", "RDA3\n" for ascii=TRUE, "RDB3\n" native binary), the serialization
// header (format, version, the R version that wrote it, the oldest R that can read it, native
// encoding), then a streaming walk of the items for the objects' names and classes.

import { ByteQueue } from './byte-queue.js';
import { RWalkError, RWalker } from './r-walker.js';
import { type Container, sniff } from './sniff.js';
import { type ByteParser, type Inspection, reject } from './types.js';

export const R_INSPECTOR_VERSION = 1;
const EXPECTED = 'R data (save()/saveRDS())';
const FORMATS: Record<string, string> = { X: 'xdr', A: 'ascii', B: 'native-binary' };

interface RHeader {
  magic: string | null; // save() line without the newline, null for saveRDS()
  format: string;
  version: number;
  writtenBy: string;
  minReader: string;
  nativeEncoding: string | null;
}

/** R packs versions as major*65536 + minor*256 + patch. */
function rVersion(v: number): string {
  return `${v >>> 16}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

export class RParser implements ByteParser {
  private readonly q = new ByteQueue();
  private header: RHeader | null = null;
  private walker: RWalker | null = null;
  private firstInner: Uint8Array | null = null;

  constructor(private readonly container: Container, private readonly rawHead: Uint8Array) {}

  push(chunk: Uint8Array): void {
    if (this.firstInner === null || this.firstInner.length < 16) this.firstInner = concatHead(this.firstInner, chunk);
    this.q.push(chunk);
    if (this.header === null && !this.readHeader()) return;
    if (this.walker !== null) this.walk();
    else this.q.skip(this.q.length); // ascii files and failed walks: only the header is read
  }

  private walk(): void {
    try {
      (this.walker as RWalker).run();
      if ((this.walker as RWalker).done) this.q.skip(this.q.length);
    } catch (e) {
      if (!(e instanceof RWalkError)) throw e;
      throw reject(EXPECTED, 'corrupt R serialization data', e.message);
    }
  }

  private notR(): Error {
    const inner = this.firstInner ?? new Uint8Array(0);
    const found = this.container === 'none' ? sniff(this.rawHead) : `${this.container}-compressed ${sniff(inner)}`;
    return reject(EXPECTED, found);
  }

  /** Parses magic and serialization header once enough bytes are buffered; false to wait. */
  private readHeader(): boolean {
    const b = this.q.peek(Math.min(this.q.length, 64));
    if (b === null || b.length < 23) return false;
    const text = String.fromCharCode(...b.subarray(0, 7));
    const save = /^RD([XAB])([23])\n/.exec(text);
    const at = save === null ? 0 : 5;
    const fmt = FORMATS[text.charAt(at)];
    if (fmt === undefined || text.charAt(at + 1) !== '\n') throw this.notR();
    if (fmt === 'ascii') return this.readAsciiHeader(save?.[0] ?? null, at + 2);
    const little = fmt === 'native-binary';
    const dv = new DataView(b.buffer, b.byteOffset);
    const version = dv.getInt32(at + 2, little);
    if (version !== 2 && version !== 3) throw reject(EXPECTED, `R serialization version ${version}`, 'only versions 2 and 3 exist');
    let end = at + 14;
    let encoding: string | null = null;
    if (version === 3) {
      const len = dv.getInt32(end, little);
      if (len < 0 || len > 40) throw reject(EXPECTED, 'a corrupt R serialization header');
      if (b.length < end + 4 + len) return this.q.length >= 64 ? (() => { throw this.notR(); })() : false;
      encoding = String.fromCharCode(...b.subarray(end + 4, end + 4 + len));
      end += 4 + len;
    }
    this.header = {
      magic: save === null ? null : save[0].trim(), format: fmt, version,
      writtenBy: rVersion(dv.getInt32(at + 6, little)), minReader: rVersion(dv.getInt32(at + 10, little)), nativeEncoding: encoding,
    };
    this.q.skip(end);
    this.walker = new RWalker(this.q, little, save !== null);
    return true;
  }

  /** ascii=TRUE files: decimal numbers one per line. Only the header is read. */
  private readAsciiHeader(magic: string | null, start: number): boolean {
    const b = this.q.peek(Math.min(this.q.length, 64)) as Uint8Array;
    const lines = String.fromCharCode(...b.subarray(start)).split('\n');
    if (lines.length < 4) return false;
    const [version, writer, reader] = lines.slice(0, 3).map(Number);
    if (version !== 2 && version !== 3) throw this.notR();
    this.header = {
      magic: magic?.trim() ?? null, format: 'ascii', version,
      writtenBy: rVersion(writer ?? 0), minReader: rVersion(reader ?? 0), nativeEncoding: version === 3 ? (lines[4] ?? null) : null,
    };
    this.q.skip(this.q.length);
    return true;
  }

  end(): Inspection {
    if (this.header === null) {
      if (this.firstInner === null || this.q.length < 23) {
        throw reject(EXPECTED, this.firstInner === null ? sniff(this.rawHead) : 'a truncated R file');
      }
      throw this.notR();
    }
    const w = this.walker;
    if (w !== null && !w.done) throw reject(EXPECTED, 'a truncated R file', 'the data ends before the last object is complete');
    return this.result(this.header, w);
  }

  private result(h: RHeader, w: RWalker | null): Inspection {
    const objects = w?.objects ?? [];
    const names = objects.map((o) => o.name).filter((n): n is string => n !== null);
    const kind = h.magic === null ? 'saveRDS()' : 'save()';
    const described = objects.map((o) => `${o.name ?? 'object'} (${o.class.join('/') || o.type})`).slice(0, 5);
    return {
      kind: 'r',
      verdict: 'safe',
      summary: `R ${kind} file, ${this.container === 'none' ? 'uncompressed' : this.container}, serialization v${h.version} written by R ${h.writtenBy}${described.length > 0 ? `: ${described.join(', ')}` : ''}`,
      details: {
        compression: this.container,
        innerHeaderHex: Buffer.from((this.firstInner ?? new Uint8Array(0)).subarray(0, 16)).toString('hex'),
        saveKind: h.magic === null ? 'saveRDS' : 'save',
        magic: h.magic,
        format: h.format,
        serializationVersion: h.version,
        writtenByR: h.writtenBy,
        minReaderR: h.minReader,
        nativeEncoding: h.nativeEncoding,
        objectNames: names,
        objects,
        objectCount: w?.objectCount ?? null,
      },
      inspectorVersion: R_INSPECTOR_VERSION,
    };
  }
}

/** Keeps the first 64 decompressed bytes (they may arrive in several chunks). */
function concatHead(prev: Uint8Array | null, chunk: Uint8Array): Uint8Array {
  const joined = Buffer.concat([prev ?? new Uint8Array(0), chunk.subarray(0, 64)]);
  return new Uint8Array(joined.subarray(0, 64));
}
