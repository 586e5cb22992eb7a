// Assembles pickle bytes by hand for the tests (the way pickletools would disassemble them),
// so the scanner can be checked on opcodes the fixtures do not use. Nothing here unpickles.

export class PickleBuilder {
  private parts: number[] = [];

  raw(...bytes: Array<number | string>): this {
    for (const b of bytes) {
      if (typeof b === 'number') this.parts.push(b);
      else for (const c of Buffer.from(b, 'latin1')) this.parts.push(c);
    }
    return this;
  }

  proto(n: number): this {
    return this.raw(0x80, n);
  }

  op(name: keyof typeof OPS): this {
    return this.raw(OPS[name]);
  }

  /** SHORT_BINUNICODE */
  str(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.raw(0x8c, b.length, ...b);
  }

  int1(n: number): this {
    return this.raw(0x4b, n);
  }

  binint(n: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return this.raw(0x4a, ...b);
  }

  global(module: string, name: string): this {
    return this.raw('c', `${module}\n${name}\n`);
  }

  binget(i: number): this {
    return this.raw(0x68, i);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export const OPS = {
  MARK: 0x28, STOP: 0x2e, POP: 0x30, TUPLE: 0x74, TUPLE1: 0x85, TUPLE3: 0x87, REDUCE: 0x52,
  BUILD: 0x62, NEWOBJ: 0x81, EMPTY_TUPLE: 0x29, EMPTY_DICT: 0x7d, SETITEMS: 0x75, MEMOIZE: 0x94,
  STACK_GLOBAL: 0x93, NONE: 0x4e, NEWTRUE: 0x88, NEWFALSE: 0x89, OBJ: 0x6f,
} as const;

/** A joblib NumpyArrayWrapper for a 1-d array, as joblib >= 1.2 pickles it (alignment 16). */
export function joblibWrapper(b: PickleBuilder, dtype: string, length: number): PickleBuilder {
  return b
    .global('joblib.numpy_pickle', 'NumpyArrayWrapper').op('EMPTY_TUPLE').op('NEWOBJ')
    .op('EMPTY_DICT').op('MARK')
    .str('subclass').global('numpy', 'ndarray')
    .str('shape').binint(length).op('TUPLE1')
    .str('order').str('C')
    .str('dtype').global('numpy', 'dtype').str(dtype).op('NEWFALSE').op('NEWTRUE').op('TUPLE3').op('REDUCE')
    .op('MARK').int1(3).str('|').op('NONE').op('NONE').op('NONE').binint(-1).binint(-1).int1(0).op('TUPLE').op('BUILD')
    .str('allow_mmap').op('NEWFALSE')
    .str('numpy_array_alignment_bytes').int1(16)
    .op('SETITEMS').op('BUILD');
}
