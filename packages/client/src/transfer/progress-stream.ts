import type { ProgressCallback } from '../types.js';

/** A pass-through web stream that reports how many bytes went through it. */
export function countingStream(total: number | undefined, onProgress: ProgressCallback | undefined): TransformStream<Uint8Array, Uint8Array> {
  let loaded = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      onProgress?.({ loaded, total });
      controller.enqueue(chunk);
    },
  });
}
