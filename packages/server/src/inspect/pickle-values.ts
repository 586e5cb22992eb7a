// Abstract values for the static pickle walk. The walker mirrors the unpickler's stack and memo
// so that STACK_GLOBAL operands reached through the memo, and the state handed to BUILD, can be
// read; but it keeps only what those need (short strings, small ints, small tuples and dicts).
// Everything else collapses to ANY, and every container is capped, so hostile input cannot
// make the abstract state grow with the file.

export type PV =
  | { t: 'str'; v: string }
  | { t: 'int'; v: number }
  | { t: 'global'; name: string }
  | { t: 'tuple'; items: PV[] }
  | { t: 'dict'; map: Map<string, PV> }
  | { t: 'obj'; cls: string | null; args: PV | null; state: PV | null }
  | { t: 'none' }
  | { t: 'any' };

export const ANY: PV = { t: 'any' };
export const NONE: PV = { t: 'none' };

export const LIMITS = {
  /** Longest string kept (longer ones are kept truncated, their payload skipped). */
  stringChars: 256,
  /** Tuple items / dict entries kept per container. */
  containerItems: 32,
  /** Memo entries kept; later ones resolve to ANY. */
  memoEntries: 100_000,
  /** Deepest MARK nesting and longest stack a real pickle needs; beyond is refused. */
  markDepth: 10_000,
  stackLength: 1_000_000,
  /** Distinct globals listed in the result. */
  globals: 2_000,
} as const;

export function str(v: string): PV {
  return { t: 'str', v: v.length > LIMITS.stringChars ? v.slice(0, LIMITS.stringChars) : v };
}

export function tuple(items: PV[]): PV {
  return { t: 'tuple', items: items.slice(0, LIMITS.containerItems) };
}

/** A dict built from alternating key/value items (as DICT and SETITEMS see them). */
export function fillDict(target: PV, items: PV[]): void {
  if (target.t !== 'dict') return;
  for (let i = 0; i + 1 < items.length; i += 2) {
    setItem(target, items[i] as PV, items[i + 1] as PV);
  }
}

export function setItem(target: PV, key: PV, value: PV): void {
  if (target.t !== 'dict' || key.t !== 'str') return;
  if (target.map.size >= LIMITS.containerItems && !target.map.has(key.v)) return;
  target.map.set(key.v, value);
}

/** The class name an instance-creating opcode was called with, when statically known. */
export function className(callable: PV): string | null {
  if (callable.t === 'global') return callable.name;
  return null;
}

export function asInt(v: PV | undefined): number | null {
  return v?.t === 'int' ? v.v : null;
}

export function asStr(v: PV | undefined): string | null {
  return v?.t === 'str' ? v.v : null;
}

/** Decodes LONG1 payloads of up to 6 bytes (two's complement, little-endian); larger -> ANY. */
export function long1(payload: Uint8Array): PV {
  if (payload.length === 0) return { t: 'int', v: 0 };
  if (payload.length > 6) return ANY;
  let v = 0;
  for (let i = payload.length - 1; i >= 0; i--) v = v * 256 + (payload[i] ?? 0);
  const last = payload[payload.length - 1] ?? 0;
  if (last & 0x80) v -= 2 ** (8 * payload.length);
  return { t: 'int', v };
}

/** Protocol 0 INT/LONG lines: "123", "123L", "01"/"00" for booleans. */
export function intLine(line: string): PV {
  const m = /^\s*(-?\d{1,15})L?\s*$/.exec(line);
  return m?.[1] === undefined ? ANY : { t: 'int', v: Number(m[1]) };
}

/** Protocol 0 STRING lines are Python repr()s: strip the quotes, keep escapes verbatim. */
export function quotedLine(line: string): PV {
  const m = /^(['"])(.*)\1\s*$/s.exec(line);
  return m?.[2] === undefined ? ANY : str(m[2]);
}

/** Protocol 0 UNICODE lines use raw-unicode-escape: only \uXXXX and \UXXXXXXXX are escapes. */
export function rawUnicodeLine(line: string): PV {
  const decoded = line.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4?: string, u8?: string) => {
    const code = parseInt(u4 ?? u8 ?? '0', 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
  return str(decoded);
}
