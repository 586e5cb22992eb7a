// Names what the first bytes of a file look like, so that every rejection can say what was
// found instead of only what was expected. Only looks at a short prefix; never decides validity.

export const SNIFF_BYTES = 512;

const PICKLE_TEXT_OPCODES = new Set('(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrst)uGBC'.split('').map((c) => c.charCodeAt(0)));

export type Container = 'gzip' | 'zlib' | 'bzip2' | 'xz' | 'lzma' | 'none';

function startsWith(bytes: Uint8Array, ascii: string, at = 0): boolean {
  if (bytes.length < at + ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) {
    if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  }
  return true;
}

/** Compression wrapper recognised by its magic number ('none' when there is none). */
export function detectContainer(b: Uint8Array): Container {
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (startsWith(b, 'BZh')) return 'bzip2';
  if (b[0] === 0xfd && startsWith(b, '7zXZ', 1) && b[5] === 0) return 'xz';
  if (b[0] === 0x5d && b[1] === 0x00 && b[2] === 0x00) return 'lzma';
  // Only the 32 KiB window (0x78) that zlib/joblib write: smaller windows start with bytes
  // such as '(' or 'X' that are also pickle opcodes.
  const b1 = b[1];
  if (b[0] === 0x78 && b1 !== undefined && ((0x78 << 8) | b1) % 31 === 0) return 'zlib';
  return 'none';
}

function asciiHead(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

function sniffText(b: Uint8Array): string | null {
  const text = asciiHead(b).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (text.startsWith('<')) return /<(\w+:)?PMML[\s>]/.test(text) ? 'XML (PMML)' : 'XML';
  if (text.startsWith('{') || text.startsWith('[')) return 'JSON or other text';
  const printable = b.every((x) => x === 9 || x === 10 || x === 13 || (x >= 32 && x < 127) || x >= 0xc2);
  return printable ? 'plain text' : null;
}

function sniffR(b: Uint8Array): string | null {
  if (/^RD[XAB][23]\n/.test(asciiHead(b.subarray(0, 5)))) return 'R data (save())';
  if ((startsWith(b, 'X\n') || startsWith(b, 'A\n') || startsWith(b, 'B\n')) && b.length >= 6) {
    return 'R serialized data (saveRDS())';
  }
  return null;
}

/** A short phrase for what the bytes look like: "XML (PMML)", "gzip-compressed data", "unrecognised bytes". */
export function sniff(firstBytes: Uint8Array): string {
  // Callers often pass the whole first chunk (up to MiBs): only its head is looked at.
  const b = firstBytes.subarray(0, SNIFF_BYTES);
  if (b.length === 0) return 'an empty file';
  if (b[0] === 0x80 && b[1] !== undefined && b[1] <= 5) return `a Python pickle (protocol ${b[1]})`;
  const container = detectContainer(b);
  if (container !== 'none') return `${container}-compressed data`;
  if (startsWith(b, 'PK\x03\x04')) return 'a ZIP archive (e.g. a PyTorch or Keras file)';
  if (startsWith(b, '\x89HDF')) return 'HDF5 data';
  const r = sniffR(b);
  if (r !== null) return r;
  if (b[0] === 0x08 && b[1] !== undefined && b[1] < 0x20 && b[2] === 0x12) return 'a protobuf message (ONNX-like)';
  const text = sniffText(b);
  if (text === 'plain text' && PICKLE_TEXT_OPCODES.has(b[0] ?? 0) && b.includes(10)) {
    return 'text (possibly a protocol 0 pickle)';
  }
  return text ?? 'unrecognised bytes';
}

/** True when the first byte can start a pickle of any protocol. */
export function couldBePickle(b: Uint8Array): boolean {
  const first = b[0];
  if (first === undefined) return false;
  if (first === 0x80) return true;
  return PICKLE_TEXT_OPCODES.has(first);
}
