// Streaming walk of R's serialization format (src/main/serialize.c, ReadItem/ReadBC), used to
// read the names and classes of the objects in a save()/saveRDS() file without building them.
// R reads items recursively; here the recursion is an explicit task stack so that the walk
// can stop at any chunk boundary and resume, and so that hostile nesting is bounded.
// Vector payloads (doubles, integers, raw bytes, strings we do not need) are skipped by count.

import { type ByteQueue } from './byte-queue.js';

const enum Role { None, TopPair, TopName, TopValue, Attrs, AttrValue, ClassStrings, ClassName, SymName }
const enum Op { Item, SymDone, AddRef, Repeat, Skip, Chars, Bc1, BcConsts, BcConst, BcLang, BcLangT }

interface Task {
  op: Op;
  role: Role;
  n: number; // count (Repeat, BcConst), byte length (Skip, Chars) or type (BcLang)
  obj: number; // index of the top-level object this task reports to, or -1
}

export interface RObject {
  name: string | null;
  type: string;
  class: string[];
}

const TYPE_NAMES: Record<number, string> = {
  0: 'NULL', 1: 'symbol', 2: 'pairlist', 3: 'closure', 4: 'environment', 5: 'promise', 6: 'language',
  7: 'special', 8: 'builtin', 10: 'logical', 13: 'integer', 14: 'double', 15: 'complex',
  16: 'character', 19: 'list', 20: 'expression', 21: 'bytecode', 22: 'externalptr', 23: 'weakref',
  24: 'raw', 25: 'S4', 238: 'altrep', 254: 'NULL', 255: 'reference',
};

const LIMITS = { tasks: 200_000, refs: 1_000_000, objects: 1_000, classes: 16, nameBytes: 1024 };
const PAIR_TYPES = new Set([2, 3, 5, 6, 17]); // LISTSXP CLOSXP PROMSXP LANGSXP DOTSXP
const NO_BODY = new Set([254, 253, 252, 251, 250, 242, 241]); // NILVALUE, GLOBALENV, ... BASEENV
const BC_LANG = new Set([244, 6, 2, 240, 239]); // BCREPDEF LANGSXP LISTSXP ATTRLANGSXP ATTRLISTSXP
const decoder = new TextDecoder('utf-8');

export class RWalkError extends Error {}

export class RWalker {
  private readonly tasks: Task[] = [];
  private readonly refNames: Array<string | null> = [];
  private refCount = 0;
  private lastChars: string | null = null;
  private lastSymbol: string | null = null;
  private currentName: string | null = null;
  readonly objects: RObject[] = [];
  objectCount = 0;
  items = 0;

  constructor(private readonly q: ByteQueue, private readonly little: boolean, save: boolean) {
    this.push(Op.Item, save ? Role.TopPair : Role.TopValue);
  }

  get done(): boolean {
    return this.tasks.length === 0;
  }

  private push(op: Op, role: Role = Role.None, n = 0, obj = -1): void {
    if (this.tasks.length >= LIMITS.tasks) throw new RWalkError('objects nested deeper than the inspector follows');
    this.tasks.push({ op, role, n, obj });
  }

  private int(b: Uint8Array, at: number): number {
    return new DataView(b.buffer, b.byteOffset + at, 4).getInt32(0, this.little);
  }

  /** Runs tasks until the data runs out (returns) or the walk is complete. */
  run(): void {
    for (let t = this.tasks.pop(); t !== undefined; t = this.tasks.pop()) {
      if (!this.exec(t)) {
        this.tasks.push(t);
        return;
      }
    }
  }

  /** Executes one task; false when it needs bytes that have not arrived yet (nothing consumed). */
  private exec(t: Task): boolean {
    switch (t.op) {
      case Op.Item: return this.item(t);
      case Op.SymDone: return this.symDone(t);
      case Op.AddRef: return this.addRef(null), true;
      case Op.Repeat: return this.repeat(t);
      case Op.Skip: return this.skip(t);
      case Op.Chars: return this.chars(t);
      case Op.Bc1: return this.push(Op.BcConsts), this.push(Op.Item), true;
      case Op.BcConsts: return this.readInt((n) => this.push(Op.BcConst, Role.None, n));
      case Op.BcConst: return this.bcConst(t);
      case Op.BcLang: return this.bcLang(t.n);
      case Op.BcLangT: return this.readInt((type) => this.push(Op.BcLang, Role.None, type));
    }
  }

  private readInt(then: (v: number) => void): boolean {
    const b = this.q.peek(4);
    if (b === null) return false;
    const v = this.int(b, 0);
    this.q.skip(4);
    then(v);
    return true;
  }

  private addRef(name: string | null): void {
    if (this.refNames.length < LIMITS.refs) this.refNames.push(name);
    this.refCount++;
  }

  private symDone(t: Task): boolean {
    const name = this.lastChars;
    this.addRef(name);
    this.lastSymbol = name;
    if (t.role === Role.TopName) this.currentName = name;
    return true;
  }

  private repeat(t: Task): boolean {
    if (t.n <= 0) return true;
    this.push(Op.Repeat, t.role, t.n - 1, t.obj);
    this.push(Op.Item, t.role, 0, t.obj);
    return true;
  }

  private skip(t: Task): boolean {
    t.n -= this.q.skip(t.n);
    return t.n === 0;
  }

  private chars(t: Task): boolean {
    const b = this.q.peek(t.n);
    if (b === null) return false;
    const text = decoder.decode(b);
    this.q.skip(t.n);
    if (t.role === Role.ClassName) {
      const o = this.objects[t.obj];
      if (o !== undefined && o.class.length < LIMITS.classes) o.class.push(text);
    } else {
      this.lastChars = text;
    }
    return true;
  }

  /** Reads one item's flags and fixed header, then schedules what follows it. */
  private item(t: Task): boolean {
    const head = this.q.peek(4);
    if (head === null) return false;
    const flags = this.int(head, 0);
    const type = flags & 0xff;
    const extra = this.headerBytes(type, flags);
    if (extra < 0) throw new RWalkError(`unknown item type ${type}`);
    const b = this.q.peek(4 + extra);
    if (b === null) return false;
    if (extra >= 4 && this.isLongLength(type) && this.int(b, 4) === -1) return this.longItem(t, flags);
    this.q.skip(4 + extra);
    this.items++;
    this.schedule(t, flags, b.subarray(4, 4 + extra));
    return true;
  }

  /** Bytes after the flags that must be read before scheduling children. */
  private headerBytes(type: number, flags: number): number {
    if (NO_BODY.has(type) || PAIR_TYPES.has(type)) return 0;
    switch (type) {
      case 255: return flags >>> 8 === 0 ? 4 : 0; // REFSXP: index packed in flags, or one int
      case 4: return 4; // ENVSXP: locked flag
      case 247: case 248: case 249: return 8; // PERSIST/PACKAGE/NAMESPACE: 0, length
      case 1: case 22: case 23: case 25: case 238: return 0; // SYMSXP EXTPTR WEAKREF S4 ALTREP
      case 7: case 8: case 9: case 21: return 4; // SPECIAL BUILTIN CHARSXP: length; BCODESXP: reps
      case 10: case 13: case 14: case 15: case 16: case 19: case 20: case 24: return 4;
      default: return -1;
    }
  }

  private isLongLength(type: number): boolean {
    return [10, 13, 14, 15, 16, 19, 20, 24].includes(type);
  }

  /** Vectors longer than 2^31-1 elements: length -1 followed by two ints (upper, lower). */
  private longItem(t: Task, flags: number): boolean {
    const b = this.q.peek(16);
    if (b === null) return false;
    const len = (this.int(b, 8) >>> 0) * 2 ** 32 + (this.int(b, 12) >>> 0);
    this.q.skip(16);
    this.items++;
    if (t.role === Role.TopValue) this.newObject(flags & 0xff);
    this.vector(t, flags & 0xff, len, (flags & (1 << 9)) !== 0);
    return true;
  }

  private schedule(t: Task, flags: number, h: Uint8Array): void {
    const type = flags & 0xff;
    const hasAttr = (flags & (1 << 9)) !== 0;
    const hasTag = (flags & (1 << 10)) !== 0;
    if (t.role === Role.TopValue) this.newObject(type);
    // Attributes of a top-level object report its class; nested items report nothing.
    const obj = t.role === Role.TopValue ? this.objects.length - 1 : -1;
    if (t.role === Role.AttrValue && this.lastSymbol === 'class') t.role = Role.ClassStrings;
    if (NO_BODY.has(type)) return;
    if (PAIR_TYPES.has(type)) return this.pair(t, obj, hasAttr, hasTag);
    const n = h.length >= 4 ? this.int(h, 0) : 0;
    switch (type) {
      case 255: return this.ref(t, h.length === 0 ? flags >>> 8 : n);
      case 1: return this.push(Op.SymDone, t.role), this.push(Op.Item, Role.SymName);
      case 4: return this.env(obj);
      case 247: case 248: case 249: return this.push(Op.AddRef), this.push(Op.Repeat, Role.None, this.int(h, 4));
      case 22: return this.attrAfter(hasAttr, obj), this.push(Op.Item), this.push(Op.Item), this.addRef(null);
      case 23: return this.attrAfter(hasAttr, obj), this.addRef(null);
      case 25: return this.attrAfter(hasAttr, obj);
      case 238: return this.push(Op.Item), this.push(Op.Item), this.push(Op.Item);
      case 7: case 8: return this.attrAfter(hasAttr, obj), this.push(Op.Skip, Role.None, n);
      case 9: return this.charsxp(t, n, hasAttr);
      case 21: return this.attrAfter(hasAttr, obj), this.push(Op.Bc1);
      default: return this.vector(t, type, n, hasAttr);
    }
  }

  private newObject(type: number): void {
    this.objectCount++;
    if (this.objects.length < LIMITS.objects) {
      this.objects.push({ name: this.currentName, type: TYPE_NAMES[type] ?? `type ${type}`, class: [] });
    }
    this.currentName = null;
  }

  /** The attributes item that follows a non-pair item's content; reports classes for top objects. */
  private attrAfter(hasAttr: boolean, obj: number): void {
    if (hasAttr) this.push(Op.Item, obj >= 0 ? Role.Attrs : Role.None, 0, obj);
  }

  /** ATTRIB, TAG, CAR, CDR (pushed in reverse); `own` is the top object whose attributes these are. */
  private pair(t: Task, own: number, hasAttr: boolean, hasTag: boolean): void {
    const top = t.role === Role.TopPair;
    const attrs = t.role === Role.Attrs;
    const target = attrs ? t.obj : -1;
    this.push(Op.Item, top ? Role.TopPair : attrs ? Role.Attrs : Role.None, 0, target); // CDR
    this.push(Op.Item, top ? Role.TopValue : attrs ? Role.AttrValue : Role.None, 0, target); // CAR
    if (hasTag) this.push(Op.Item, top ? Role.TopName : Role.None); // TAG
    if (attrs || top) this.lastSymbol = null;
    this.attrAfter(hasAttr, own);
  }

  private ref(t: Task, index: number): void {
    const name = this.refNames[index - 1] ?? null;
    this.lastSymbol = name;
    if (t.role === Role.TopName) this.currentName = name;
  }

  private env(obj: number): void {
    this.addRef(null); // registered before its contents, as R does
    this.push(Op.Item, obj >= 0 ? Role.Attrs : Role.None, 0, obj); // ATTRIB
    this.push(Op.Item); // HASHTAB
    this.push(Op.Item); // FRAME
    this.push(Op.Item); // ENCLOS
  }

  private charsxp(t: Task, len: number, hasAttr: boolean): void {
    if (hasAttr) this.push(Op.Item);
    const wanted = (t.role === Role.SymName || t.role === Role.ClassName) && len >= 0 && len <= LIMITS.nameBytes;
    if (t.role === Role.SymName) this.lastChars = null; // NA or over-long names stay unknown
    if (len > 0 || wanted) this.push(wanted ? Op.Chars : Op.Skip, t.role, Math.max(len, 0), t.obj);
  }

  private vector(t: Task, type: number, len: number, hasAttr: boolean): void {
    if (len < 0) throw new RWalkError(`negative vector length ${len}`);
    this.attrAfter(hasAttr, t.role === Role.TopValue ? this.objects.length - 1 : -1);
    const width: Record<number, number> = { 10: 4, 13: 4, 14: 8, 15: 16, 24: 1 };
    const w = width[type];
    if (w !== undefined) return this.push(Op.Skip, Role.None, len * w);
    const childRole = type === 16 && t.role === Role.ClassStrings ? Role.ClassName : Role.None;
    this.push(Op.Repeat, childRole, len, t.obj);
  }

  private bcConst(t: Task): boolean {
    if (t.n <= 0) return true;
    return this.readInt((type) => {
      this.push(Op.BcConst, Role.None, t.n - 1);
      if (type === 21) this.push(Op.Bc1);
      else if (BC_LANG.has(type) || type === 243) this.push(Op.BcLang, Role.None, type);
      else this.push(Op.Item);
    });
  }

  /** ReadBCLang: shared-subtree references and language cells inside byte-code constants. */
  private bcLang(type: number): boolean {
    if (type === 243) return this.readInt(() => undefined); // BCREPREF index
    if (!BC_LANG.has(type)) return this.push(Op.Item), true;
    if (type === 244) {
      const b = this.q.peek(8);
      if (b === null) return false;
      this.q.skip(8);
      return this.bcLangCell(this.int(b, 4));
    }
    return this.bcLangCell(type);
  }

  private bcLangCell(type: number): boolean {
    this.push(Op.BcLangT); // CDR
    this.push(Op.BcLangT); // CAR
    this.push(Op.Item); // TAG
    if (type === 240 || type === 239) this.push(Op.Item); // ATTRIB
    return true;
  }
}
