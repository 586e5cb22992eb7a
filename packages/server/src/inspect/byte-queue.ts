// A FIFO of received chunks that parsers read from synchronously. Parsers peek a small
// contiguous window (an opcode and its fixed arguments), and skip large payloads without
// copying them, so memory stays bounded by the largest window asked for, not the file size.

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // offset into chunks[0]
  private len = 0;
  /** Total bytes consumed so far (the stream offset of the next unread byte). */
  offset = 0;

  get length(): number {
    return this.len;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.len += chunk.length;
  }

  /** A contiguous view of the next n bytes, or null when fewer are buffered. Does not consume. */
  peek(n: number): Uint8Array | null {
    if (n > this.len) return null;
    const first = this.chunks[0];
    if (first === undefined) return n === 0 ? new Uint8Array(0) : null;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    this.coalesce(n);
    return (this.chunks[0] as Uint8Array).subarray(0, n);
  }

  /** Merges leading chunks until the first holds at least n unread bytes (n <= length). */
  private coalesce(n: number): void {
    const merged = new Uint8Array(Math.max(n, Math.min(this.len, 4096)));
    let filled = 0;
    while (filled < merged.length) {
      const c = this.chunks[0] as Uint8Array;
      const take = Math.min(c.length - this.head, merged.length - filled);
      merged.set(c.subarray(this.head, this.head + take), filled);
      filled += take;
      this.head += take;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.chunks.unshift(merged);
  }

  /** Position of `byte` at or after `from` within the first `limit` bytes, or -1. */
  indexOf(byte: number, limit: number, from = 0): number {
    let pos = 0;
    for (let i = 0; i < this.chunks.length && pos < limit; i++) {
      const c = this.chunks[i] as Uint8Array;
      const start = i === 0 ? this.head : 0;
      const end = Math.min(c.length, start + (limit - pos));
      const skipHere = Math.max(0, from - pos);
      if (skipHere < end - start) {
        const found = c.subarray(start + skipHere, end).indexOf(byte);
        if (found >= 0) return pos + skipHere + found;
      }
      pos += end - start;
    }
    return -1;
  }

  /** Consumes up to n bytes without looking at them; returns how many were consumed. */
  skip(n: number): number {
    let left = Math.min(n, this.len);
    const done = left;
    while (left > 0) {
      const c = this.chunks[0] as Uint8Array;
      const take = Math.min(c.length - this.head, left);
      this.head += take;
      left -= take;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.len -= done;
    this.offset += done;
    return done;
  }

  /** Consumes and returns exactly n bytes (caller has checked length). The view is only valid until the next push. */
  take(n: number): Uint8Array {
    const view = this.peek(n);
    if (view === null) throw new RangeError('ByteQueue.take beyond buffered data');
    const copy = view.slice();
    this.skip(n);
    return copy;
  }
}
