// A streaming protobuf walker driven by a small schema: it descends into the submessages the
// schema names, decodes the scalar fields it names, and skips everything else by length (an
// ONNX file is mostly initializer bytes, which are never buffered). Nesting is tracked as a
// stack of end offsets, so a field that runs past its enclosing message, or a stream that ends
// inside one, is detected.

import { ByteQueue } from './byte-queue.js';

export type FieldSpec = { msg: string } | { str: string } | { int: string };
export type Schema = Record<string, Record<number, FieldSpec>>;

export interface MessageFrame {
  type: string;
  end: number; // absolute stream offset where the message ends (Infinity for the root)
  field: number; // field number in the parent
  values: Record<string, string | number>;
}

export interface WalkHooks {
  /** A message closed; its scalar values are in frame.values, its parent is the stack top. */
  onClose(frame: MessageFrame, parent: MessageFrame | undefined): void;
}

export class ProtobufError extends Error {}

const STRING_CAP = 4096;
const MAX_DEPTH = 64;
const utf8 = new TextDecoder('utf-8');

/** Reads a varint at the start of b: [value, bytes used], or null when b holds only part of it. */
export function readVarint(b: Uint8Array): [number, number] | null {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const byte = b[i];
    if (byte === undefined) return null;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) {
      // int64 fields encode negatives as 10-byte two's complement.
      return [value >= 2 ** 63 ? value - 2 ** 64 : value, i + 1];
    }
  }
  throw new ProtobufError('a varint longer than 10 bytes');
}

export class ProtobufWalker {
  private readonly q = new ByteQueue();
  private readonly stack: MessageFrame[];
  private skipLeft = 0;

  constructor(private readonly schema: Schema, root: string, private readonly hooks: WalkHooks) {
    this.stack = [{ type: root, end: Infinity, field: 0, values: {} }];
  }

  get offset(): number {
    return this.q.offset;
  }

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
    for (;;) {
      if (this.skipLeft > 0) this.skipLeft -= this.q.skip(this.skipLeft);
      if (this.skipLeft > 0) return;
      this.closeFinished();
      if (!this.field()) return;
    }
  }

  /** Throws unless the stream ended exactly at the end of the root message. */
  finish(): MessageFrame {
    this.closeFinished();
    if (this.skipLeft > 0 || this.q.length > 0 || this.stack.length !== 1) {
      throw new ProtobufError(`the data ends at byte ${this.q.offset + this.q.length} inside a message`);
    }
    return this.stack[0] as MessageFrame;
  }

  private top(): MessageFrame {
    return this.stack[this.stack.length - 1] as MessageFrame;
  }

  private closeFinished(): void {
    while (this.stack.length > 1 && this.q.offset >= this.top().end) {
      const frame = this.stack.pop() as MessageFrame;
      if (this.q.offset > frame.end) throw new ProtobufError(`a field runs past the end of its ${frame.type} message`);
      this.hooks.onClose(frame, this.top());
    }
  }

  /** Reads one field; false when more bytes are needed (nothing consumed). */
  private field(): boolean {
    const b = this.q.peek(Math.min(this.q.length, 20));
    if (b === null || b.length === 0) return false;
    const tag = readVarint(b);
    if (tag === null) return false;
    const [key, tagLen] = tag;
    const num = Math.floor(key / 8);
    const wire = key % 8;
    if (num === 0) throw new ProtobufError('field number 0');
    const spec = this.schema[this.top().type]?.[num];
    if (wire === 0) return this.varintField(b, tagLen, spec);
    if (wire === 1 || wire === 5) return this.fixedField(tagLen, wire === 1 ? 8 : 4);
    if (wire === 2) return this.lengthField(b, tagLen, num, spec);
    throw new ProtobufError(`wire type ${wire}, which ONNX never uses`);
  }

  private varintField(b: Uint8Array, tagLen: number, spec: FieldSpec | undefined): boolean {
    const v = readVarint(b.subarray(tagLen));
    if (v === null) return false;
    this.q.skip(tagLen + v[1]);
    if (spec !== undefined && 'int' in spec) this.top().values[spec.int] = v[0];
    this.checkBounds();
    return true;
  }

  private fixedField(tagLen: number, width: number): boolean {
    this.q.skip(tagLen);
    this.skipLeft = width;
    this.checkBounds(width);
    return true;
  }

  private lengthField(b: Uint8Array, tagLen: number, num: number, spec: FieldSpec | undefined): boolean {
    const v = readVarint(b.subarray(tagLen));
    if (v === null) return false;
    const [len, lenLen] = v;
    if (len < 0) throw new ProtobufError('a negative length');
    const start = this.q.offset + tagLen + lenLen;
    if (start + len > this.top().end) throw new ProtobufError(`a field runs past the end of its ${this.top().type} message`);
    if (spec !== undefined && 'str' in spec && len <= STRING_CAP) {
      const all = this.q.peek(tagLen + lenLen + len);
      if (all === null) return false;
      this.top().values[spec.str] = utf8.decode(all.subarray(tagLen + lenLen));
      this.q.skip(tagLen + lenLen + len);
      return true;
    }
    this.q.skip(tagLen + lenLen);
    if (spec !== undefined && 'msg' in spec) {
      if (this.stack.length >= MAX_DEPTH) throw new ProtobufError('messages nested too deeply');
      this.stack.push({ type: spec.msg, end: start + len, field: num, values: {} });
    } else {
      this.skipLeft = len;
    }
    return true;
  }

  private checkBounds(extra = 0): void {
    if (this.q.offset + extra > this.top().end) throw new ProtobufError(`a field runs past the end of its ${this.top().type} message`);
  }
}
