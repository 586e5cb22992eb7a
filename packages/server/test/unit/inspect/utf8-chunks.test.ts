// The chunk decoder the PMML inspector feeds saxes with: whatever the chunking, its output is
// exactly what one streaming TextDecoder gives for the whole input.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Utf8Chunks } from '../../../src/inspect/utf8-chunks.js';

function decodeInChunks(bytes: Uint8Array, sizes: number[]): string {
  const d = new Utf8Chunks();
  let out = '';
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    out += d.decode(bytes.subarray(at, at + size));
    at += size;
  }
  return out + d.flush();
}

const SAMPLES: Record<string, Uint8Array> = {
  'ASCII only': Buffer.from('<PMML version="4.4"><Header/></PMML>\n'),
  'a leading BOM': Buffer.from('\uFEFF<PMML name="größe"/>'),
  'a U+FEFF after the start': Buffer.from('<a>\uFEFFx</a>\uFEFF'),
  'two-, three- and four-byte characters': Buffer.from('<a b="größe €uro 𝔘nicode 日本語">✓</a>'),
  'malformed bytes': Buffer.concat([Buffer.from('<a b="'), Buffer.from([0xc3, 0x28, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98]), Buffer.from('"/>')]),
  'a character cut off by the end': Buffer.concat([Buffer.from('<a/>'), Buffer.from([0xe2, 0x82])]),
};

describe('UTF-8 chunk decoding', () => {
  for (const [name, bytes] of Object.entries(SAMPLES)) {
    test(`${name}: every chunking decodes like one streaming TextDecoder`, () => {
      const expected = new TextDecoder().decode(bytes);
      for (const sizes of [[bytes.length], [1], [2], [3], [1, 2, 5], [4, 1], [7, 3, 1, 2]]) {
        assert.equal(decodeInChunks(bytes, sizes), expected, `chunk sizes ${sizes.join(',')}`);
      }
    });
  }
});
