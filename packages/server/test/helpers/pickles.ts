/**
 * Tiny, valid pickles for tests whose rule is not about content (checksums, limits, replacement):
 * every upload is inspected, so arbitrary bytes declared as pkl would be refused with 422.
 * Built opcode by opcode; nothing here is ever unpickled.
 */

const PROTO_4 = [0x80, 0x04];
const STOP = 0x2e;
const SHORT_BINUNICODE = 0x8c;
const BINBYTES8 = 0x8e;

/** A protocol-4 pickle of the string `text` (distinct texts give distinct files). */
export function pickleOf(text: string): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  if (utf8.length > 255) throw new Error('pickleOf takes at most 255 bytes of text');
  return Buffer.from([...PROTO_4, SHORT_BINUNICODE, utf8.length, ...utf8, STOP]);
}

/** The head of a protocol-4 pickle of one `bytes` object of `payloadBytes` bytes (the payload follows). */
export function bytesPickleHead(payloadBytes: number): Buffer {
  const head = Buffer.alloc(3 + 8);
  head.set([...PROTO_4, BINBYTES8]);
  head.writeBigUInt64LE(BigInt(payloadBytes), 3);
  return head;
}

/** A protocol-4 pickle of `payloadBytes` bytes of `fill`: the bulk of the file is one payload. */
export function bytesPickle(payloadBytes: number, fill = 0): Buffer {
  return Buffer.concat([bytesPickleHead(payloadBytes), Buffer.alloc(payloadBytes, fill), Buffer.from([STOP])]);
}
