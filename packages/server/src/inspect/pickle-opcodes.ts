// The pickle opcode table (protocols 0-5), as in CPython's Lib/pickletools.py. Only the shape
// of each opcode's argument matters to the scanner: how many bytes to read or skip.

/**
 * none: no argument; u1/u2/u4/i4/f8/u8: fixed-size argument; len1/len4/len8: a length of that
 * width followed by that many payload bytes; line: one '\n'-terminated line; line2: two lines.
 */
export type ArgKind = 'none' | 'u1' | 'u2' | 'u4' | 'i4' | 'f8' | 'u8' | 'len1' | 'len4' | 'len8' | 'line' | 'line2';

export interface OpSpec {
  name: string;
  arg: ArgKind;
  proto: number;
}

const TABLE: Array<[string | number, string, ArgKind, number]> = [
  ['(', 'MARK', 'none', 0], ['.', 'STOP', 'none', 0], ['0', 'POP', 'none', 0],
  ['1', 'POP_MARK', 'none', 1], ['2', 'DUP', 'none', 0], ['F', 'FLOAT', 'line', 0],
  ['I', 'INT', 'line', 0], ['J', 'BININT', 'i4', 1], ['K', 'BININT1', 'u1', 1],
  ['L', 'LONG', 'line', 0], ['M', 'BININT2', 'u2', 1], ['N', 'NONE', 'none', 0],
  ['P', 'PERSID', 'line', 0], ['Q', 'BINPERSID', 'none', 1], ['R', 'REDUCE', 'none', 0],
  ['S', 'STRING', 'line', 0], ['T', 'BINSTRING', 'len4', 1], ['U', 'SHORT_BINSTRING', 'len1', 1],
  ['V', 'UNICODE', 'line', 0], ['X', 'BINUNICODE', 'len4', 1], ['a', 'APPEND', 'none', 0],
  ['b', 'BUILD', 'none', 0], ['c', 'GLOBAL', 'line2', 0], ['d', 'DICT', 'none', 0],
  ['}', 'EMPTY_DICT', 'none', 1], ['e', 'APPENDS', 'none', 1], ['g', 'GET', 'line', 0],
  ['h', 'BINGET', 'u1', 1], ['i', 'INST', 'line2', 0], ['j', 'LONG_BINGET', 'u4', 1],
  ['l', 'LIST', 'none', 0], [']', 'EMPTY_LIST', 'none', 1], ['o', 'OBJ', 'none', 1],
  ['p', 'PUT', 'line', 0], ['q', 'BINPUT', 'u1', 1], ['r', 'LONG_BINPUT', 'u4', 1],
  ['s', 'SETITEM', 'none', 0], ['t', 'TUPLE', 'none', 0], [')', 'EMPTY_TUPLE', 'none', 1],
  ['u', 'SETITEMS', 'none', 1], ['G', 'BINFLOAT', 'f8', 1],
  [0x80, 'PROTO', 'u1', 2], [0x81, 'NEWOBJ', 'none', 2], [0x82, 'EXT1', 'u1', 2],
  [0x83, 'EXT2', 'u2', 2], [0x84, 'EXT4', 'u4', 2], [0x85, 'TUPLE1', 'none', 2],
  [0x86, 'TUPLE2', 'none', 2], [0x87, 'TUPLE3', 'none', 2], [0x88, 'NEWTRUE', 'none', 2],
  [0x89, 'NEWFALSE', 'none', 2], [0x8a, 'LONG1', 'len1', 2], [0x8b, 'LONG4', 'len4', 2],
  ['B', 'BINBYTES', 'len4', 3], ['C', 'SHORT_BINBYTES', 'len1', 3],
  [0x8c, 'SHORT_BINUNICODE', 'len1', 4], [0x8d, 'BINUNICODE8', 'len8', 4],
  [0x8e, 'BINBYTES8', 'len8', 4], [0x8f, 'EMPTY_SET', 'none', 4], [0x90, 'ADDITEMS', 'none', 4],
  [0x91, 'FROZENSET', 'none', 4], [0x92, 'NEWOBJ_EX', 'none', 4], [0x93, 'STACK_GLOBAL', 'none', 4],
  [0x94, 'MEMOIZE', 'none', 4], [0x95, 'FRAME', 'u8', 4], [0x96, 'BYTEARRAY8', 'len8', 5],
  [0x97, 'NEXT_BUFFER', 'none', 5], [0x98, 'READONLY_BUFFER', 'none', 5],
];

/** Indexed by opcode byte; undefined for bytes that are not opcodes. */
export const OPCODES: Array<OpSpec | undefined> = (() => {
  const table: Array<OpSpec | undefined> = new Array<OpSpec | undefined>(256).fill(undefined);
  for (const [code, name, arg, proto] of TABLE) {
    const byte = typeof code === 'number' ? code : code.charCodeAt(0);
    table[byte] = { name, arg, proto };
  }
  return table;
})();

/** Bytes taken by a fixed-size argument or by the length prefix of a payload opcode. */
export function argWidth(kind: ArgKind): number {
  switch (kind) {
    case 'u1': case 'len1': return 1;
    case 'u2': return 2;
    case 'u4': case 'i4': case 'len4': return 4;
    case 'f8': case 'u8': case 'len8': return 8;
    default: return 0;
  }
}

/** Little-endian unsigned integer of 1-8 bytes; values past 2^53 come back as Infinity. */
export function readUintLE(b: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 256 + (b[at + i] ?? 0);
  return v > Number.MAX_SAFE_INTEGER ? Infinity : v;
}
