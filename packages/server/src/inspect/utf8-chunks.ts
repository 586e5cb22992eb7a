// Turns a stream of UTF-8 chunks into strings for a text parser, with the same output as one
// streaming TextDecoder('utf-8') (leading BOM removed, malformed bytes as U+FFFD), but fast on
// the chunks that are pure ASCII, which is nearly every chunk of a large PMML file: ASCII bytes
// are their own Latin-1 string, and copying them as Latin-1 costs a small fraction of UTF-8
// decoding (Node 20's streaming TextDecoder goes through ICU).

import { isAscii } from 'node:buffer';

const BOM = 0xfeff;

export class Utf8Chunks {
  // The BOM is removed here instead of by the decoder, because the decoder is reset by flushes
  // and would otherwise remove a U+FEFF that follows a flush in the middle of the stream.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The decoder was last given a chunk with non-ASCII bytes, so it may hold a split character. */
  private decoderMayHoldBytes = false;
  private atStart = true;

  decode(chunk: Uint8Array): string {
    let text: string;
    if (isAscii(chunk)) {
      text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1');
      // An ASCII byte cannot continue a split character: what the decoder holds (if anything)
      // is malformed, and flushing it yields the same U+FFFD a streaming decode would.
      if (this.decoderMayHoldBytes) text = this.flush() + text;
    } else {
      text = this.decoder.decode(chunk, { stream: true });
      this.decoderMayHoldBytes = true;
    }
    return this.dropLeadingBom(text);
  }

  /** What the decoder still holds (U+FFFD for a character cut off by the end of the stream). */
  flush(): string {
    this.decoderMayHoldBytes = false;
    return this.dropLeadingBom(this.decoder.decode());
  }

  private dropLeadingBom(text: string): string {
    if (!this.atStart || text.length === 0) return text;
    this.atStart = false;
    return text.charCodeAt(0) === BOM ? text.slice(1) : text;
  }
}
