// Streaming static walk of a pickle: reads one opcode at a time from a ByteQueue, decodes its
// argument, and replays it on the abstract PickleMachine. Payloads that do not matter (bytes,
// long strings, joblib's raw numpy buffers) are skipped by counting, never buffered, so a
// 1 GiB pickle needs no more memory than a 1 KiB one. Never unpickles anything.

import { ByteQueue } from './byte-queue.js';
import { type ArrayPlan, WRAPPER_CLASS, planArray } from './joblib-arrays.js';
import { PickleMachine } from './pickle-machine.js';
import { type ArgKind, OPCODES, type OpSpec, argWidth, readUintLE } from './pickle-opcodes.js';
import { ANY, LIMITS, type PV, intLine, long1, quotedLine, rawUnicodeLine, str } from './pickle-values.js';
import { reject } from './types.js';

const LINE_CAP = 1024;
const STRING_OPS = new Set(['BINSTRING', 'SHORT_BINSTRING', 'BINUNICODE', 'SHORT_BINUNICODE', 'BINUNICODE8']);
const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

export interface ScanEvents {
  onGlobal(name: string, how: string): void;
  onArray(plan: ArrayPlan): void;
}

type Pending =
  | { k: 'skip'; left: number } // payload bytes still to skip
  | { k: 'skipLine' } // rest of an over-long text line
  | { k: 'padding'; plan: ArrayPlan }; // joblib padding-length byte, then the array data

export class PickleScanner {
  private readonly q = new ByteQueue();
  private readonly m: PickleMachine;
  private pending: Pending | null = null;
  private nested: Array<() => void> = [];
  private inPickle = false;
  protocol: number | null = null;
  private maxOpProto = 0;
  pickles = 0;
  opcodes = 0;
  persistentIds = 0;
  trailingBytes = 0;

  constructor(private readonly events: ScanEvents) {
    this.m = new PickleMachine({
      onGlobal: (name, how) => events.onGlobal(name, how),
      onBuild: (target) => this.onBuild(target),
    });
  }

  get reduceCount(): number {
    return this.m.reduceCount;
  }

  get offset(): number {
    return this.q.offset;
  }

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
    while (this.advancePending() && this.step()) {
      // each step consumes one opcode; stops when more bytes are needed
    }
  }

  /** Throws when the stream ended inside a pickle or a payload. */
  finish(): void {
    if (this.pending !== null || this.q.length > 0 || this.inPickle || this.nested.length > 0) {
      throw this.truncated();
    }
    if (this.pickles === 0 && this.trailingBytes === 0) throw this.truncated();
  }

  private truncated(): Error {
    return reject('a Python pickle', 'a truncated pickle', `the data ends at byte ${this.q.offset + this.q.length} before the STOP opcode`);
  }

  private malformed(why: string): Error {
    return reject('a Python pickle', 'a malformed pickle', `${why} (at byte ${this.q.offset})`);
  }

  /** Works off a pending skip; returns false when it still needs more bytes. */
  private advancePending(): boolean {
    const p = this.pending;
    if (p === null) return true;
    if (p.k === 'skip') {
      p.left -= this.q.skip(p.left);
      if (p.left > 0) return false;
    } else if (p.k === 'skipLine') {
      const nl = this.q.indexOf(10, this.q.length);
      if (nl < 0) return void this.q.skip(this.q.length), false;
      this.q.skip(nl + 1);
    } else {
      return this.startArrayData(p.plan);
    }
    this.pending = null;
    return true;
  }

  private startArrayData(plan: ArrayPlan): boolean {
    const b = this.q.peek(1);
    if (b === null) return false;
    const padding = b[0] as number;
    if (padding > 64) throw this.malformed(`joblib array padding of ${padding} bytes`);
    this.q.skip(1);
    this.pending = { k: 'skip', left: padding + plan.bytes };
    return this.advancePending();
  }

  private onBuild(target: PV & { t: 'obj' }): void {
    if (target.cls !== WRAPPER_CLASS) return;
    const plan = planArray(target.state);
    if (typeof plan === 'string') throw this.malformed(`joblib wrote ${plan}`);
    this.events.onArray(plan);
    if (plan.objectArray) {
      // The array follows as a complete protocol-2 pickle; walk it with its own stack and memo.
      this.nested.push(this.m.enterNested());
    } else if (plan.padded) {
      this.pending = { k: 'padding', plan };
    } else {
      this.pending = { k: 'skip', left: plan.bytes };
    }
  }

  /** Decodes and executes one opcode; returns false when more bytes are needed. */
  private step(): boolean {
    const head = this.q.peek(1);
    if (head === null) return false;
    const spec = OPCODES[head[0] as number];
    if (spec === undefined) return this.unknownOpcode(head[0] as number);
    if (!this.inPickle) this.beginPickle();
    const done = this.decode(spec);
    if (done) {
      this.opcodes++;
      if (spec.proto > this.maxOpProto) this.maxOpProto = spec.proto;
    }
    return done;
  }

  private beginPickle(): void {
    this.inPickle = true;
    if (this.nested.length === 0) this.m.resetForNextPickle();
  }

  private unknownOpcode(byte: number): boolean {
    if (!this.inPickle && this.pickles > 0 && this.nested.length === 0) {
      // Bytes after a complete pickle that do not start another one: never loaded by
      // pickle.load, so note them instead of refusing the file.
      this.trailingBytes += this.q.skip(this.q.length);
      return false;
    }
    throw this.malformed(`0x${byte.toString(16).padStart(2, '0')} is not a pickle opcode`);
  }

  private decode(spec: OpSpec): boolean {
    const kind = spec.arg;
    if (kind === 'none') return this.q.skip(1), this.execPlain(spec.name), true;
    if (kind === 'line' || kind === 'line2') return this.decodeLines(spec, kind === 'line2' ? 2 : 1);
    if (kind.startsWith('len')) return this.decodePayload(spec, kind);
    const w = argWidth(kind);
    const b = this.q.peek(1 + w);
    if (b === null) return false;
    const value = kind === 'i4' ? new DataView(b.buffer, b.byteOffset + 1, 4).getInt32(0, true) : readUintLE(b, 1, w);
    this.q.skip(1 + w);
    this.execFixed(spec.name, value);
    return true;
  }

  private execPlain(name: string): void {
    if (name === 'STOP') return this.stop();
    if (name === 'BINPERSID') this.persistentIds++;
    this.m.exec(name);
  }

  private stop(): void {
    this.m.pop('STOP');
    const restore = this.nested.pop();
    if (restore !== undefined) return restore();
    this.inPickle = false;
    this.pickles++;
  }

  private execFixed(name: string, v: number): void {
    const m = this.m;
    switch (name) {
      case 'PROTO':
        if (v > 5) throw this.malformed(`unsupported pickle protocol ${v}`);
        if (this.protocol === null) this.protocol = v;
        return;
      case 'FRAME': return; // a length hint only; the opcodes inside are read as usual
      case 'BININT': case 'BININT1': case 'BININT2': return m.push({ t: 'int', v });
      case 'BINFLOAT': return m.push(ANY);
      case 'BINGET': case 'LONG_BINGET': return m.memoGet(v, name);
      case 'BINPUT': case 'LONG_BINPUT': return m.memoPut(v, name);
      case 'EXT1': case 'EXT2': case 'EXT4':
        // The extension registry (copyreg) maps the code to a global only the loader knows.
        return m.push(m.global(`copyreg.extension_code.${v}`, name));
      default: throw new Error(`no fixed-argument handler for ${name}`);
    }
  }

  private decodePayload(spec: OpSpec, kind: ArgKind): boolean {
    const w = argWidth(kind);
    const head = this.q.peek(1 + w);
    if (head === null) return false;
    const len = readUintLE(head, 1, w);
    if (!Number.isFinite(len)) throw this.malformed(`${spec.name} length overflows`);
    const wanted = STRING_OPS.has(spec.name) || spec.name === 'LONG1';
    if (wanted && len <= LIMITS.stringChars * 4) {
      const all = this.q.peek(1 + w + len);
      if (all === null) return false;
      this.pushPayload(spec.name, all.subarray(1 + w));
      this.q.skip(1 + w + len);
      return true;
    }
    this.q.skip(1 + w);
    this.pushPayload(spec.name, null);
    this.pending = { k: 'skip', left: len };
    return true;
  }

  /** Pushes the value of a payload opcode; `payload` is null when it was too long to keep. */
  private pushPayload(name: string, payload: Uint8Array | null): void {
    if (name === 'LONG1' && payload !== null) return this.m.push(long1(payload));
    if (!STRING_OPS.has(name)) return this.m.push(ANY);
    if (payload === null) return this.m.push({ t: 'str', v: '<long string>' });
    const text = name.endsWith('STRING') ? latin1.decode(payload) : utf8.decode(payload);
    this.m.push(str(text));
  }

  private decodeLines(spec: OpSpec, lines: number): boolean {
    const first = this.q.indexOf(10, LINE_CAP + 1);
    const second = first < 0 || lines === 1 ? first : this.q.indexOf(10, first + LINE_CAP + 2, first + 1);
    const end = lines === 1 ? first : second;
    if (end < 0) return this.lineNotFound(spec, lines);
    const bytes = this.q.peek(end + 1) as Uint8Array;
    const text = latin1.decode(bytes.subarray(1, end));
    this.q.skip(end + 1);
    this.execLine(spec.name, lines === 2 ? text.split('\n') : [text]);
    return true;
  }

  /** No newline yet: wait for more bytes, or treat an over-long line as hostile/truncated. */
  private lineNotFound(spec: OpSpec, lines: number): boolean {
    if (this.q.length <= LINE_CAP * lines + 2) return false;
    if (lines === 2 || spec.name === 'GET' || spec.name === 'PUT') {
      throw this.malformed(`${spec.name} argument longer than ${LINE_CAP} bytes`);
    }
    const prefix = latin1.decode((this.q.peek(LINE_CAP + 1) as Uint8Array).subarray(1));
    this.q.skip(LINE_CAP + 1);
    this.execLine(spec.name, [prefix]);
    this.pending = { k: 'skipLine' };
    return true;
  }

  private execLine(name: string, parts: string[]): void {
    const [a = '', b = ''] = parts;
    const m = this.m;
    switch (name) {
      case 'GLOBAL': return m.push(m.global(`${a}.${b}`, name));
      case 'INST': {
        const args = m.popMark('INST');
        return m.instantiate(m.global(`${a}.${b}`, name), { t: 'tuple', items: args.slice(0, LIMITS.containerItems) }, 'INST');
      }
      case 'INT': case 'LONG': return m.push(intLine(a));
      case 'FLOAT': return m.push(ANY);
      case 'STRING': return m.push(quotedLine(a));
      case 'UNICODE': return m.push(rawUnicodeLine(a));
      case 'PERSID': this.persistentIds++; return m.push(ANY);
      case 'GET': return m.memoGet(this.lineIndex(a, name), name);
      case 'PUT': return m.memoPut(this.lineIndex(a, name), name);
      default: throw new Error(`no line handler for ${name}`);
    }
  }

  private lineIndex(text: string, op: string): number {
    if (!/^\d{1,15}$/.test(text.trim())) throw this.malformed(`${op} with a non-numeric memo key`);
    return Number(text.trim());
  }

  /** Protocol as declared by PROTO, or implied by the opcodes used (0 or 1) when absent. */
  get effectiveProtocol(): number {
    return this.protocol ?? Math.min(this.maxOpProto, 1);
  }
}
