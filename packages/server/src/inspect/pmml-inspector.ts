// PMML inspection with saxes, a streaming XML parser that never fetches external entities or
// DTDs. Any DOCTYPE is refused as soon as it appears, which stops XXE and entity-expansion
// ("billion laughs") files in their first bytes: in the prolog (the only place XML allows a
// DOCTYPE) the raw text is searched before saxes reads it; once the root element is open,
// saxes itself fails on the "<!DOCTYPE" keyword before it reads a byte of the declaration,
// and that failure is reported as the same refusal. saxes buffers text, names and comments
// inside a token, so those buffers are checked after each chunk and a token that grows past
// a cap is refused: memory stays flat whatever the input.
//
// Speed matters here (PMML tree ensembles run to hundreds of MB): saxes does the per-character
// work, so this file does as little as possible per element. Only the handlers it needs are
// attached, attributes are copied only for the few elements the collector records, and the
// DOCTYPE search stops once the prolog is over.

import { SaxesParser, type SaxesTagNS } from 'saxes';
import { PmmlCollector } from './pmml-collector.js';
import { sniff } from './sniff.js';
import { Utf8Chunks } from './utf8-chunks.js';
import { type ByteParser, type Inspection, InspectionRejected, reject } from './types.js';

export const PMML_INSPECTOR_VERSION = 1;
const EXPECTED = 'PMML (XML)';
/**
 * saxes is fed strings of at most this many bytes. Strings this small are allocated in V8's
 * young generation and so are the substrings saxes keeps of them, and both die young; a 1 MiB
 * chunk decoded whole lands in the large-object space, which made garbage collection the
 * largest single cost of inspecting a big file. (Measured: ~20% faster than whole 1 MiB chunks.)
 */
const PIECE_BYTES = 32 * 1024;
const LIMITS = { depth: 512, tokenChars: 16 * 1024 * 1024, attributes: 10_000 };

/** The parts of saxes' internal state that grow within one token (checked, never written). */
interface SaxesBuffers { text?: unknown; name?: unknown; doctype?: unknown; piTarget?: unknown }

/** What saxes says when it meets "<!DOCTYPE" after the root element has opened. */
const MISPLACED_DOCTYPE = /inappropriately located doctype/;
const DOCTYPE = '<!DOCTYPE';
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/** The attributes of an element keyed by local name (so "pmml:version" reads as "version"). */
function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const key in tag.attributes) {
    const a = tag.attributes[key] as SaxesTagNS['attributes'][string];
    attrs[a.local || key] = a.value;
  }
  return attrs;
}

export class PmmlParser implements ByteParser {
  private readonly sax = new SaxesParser({ xmlns: true, position: true });
  private readonly decoder = new Utf8Chunks();
  private readonly collected = new PmmlCollector();
  private depth = 0;
  private attributes = 0;
  private rootSeen = false;
  /** The end of the previous prolog chunk, so "<!DOC" + "TYPE" split across chunks is caught. */
  private prologTail = '';

  constructor(private readonly head: Uint8Array) {
    const found = sniff(head);
    if (!/^XML/.test(found)) throw reject(EXPECTED, found);
    this.sax.on('error', (e) => this.notWellFormed(e.message));
    this.sax.on('doctype', () => this.refuseDoctype());
    this.sax.on('attribute', () => this.countAttribute());
    this.sax.on('opentag', (tag) => this.openTag(tag));
    this.sax.on('closetag', (tag) => this.closeTag(tag.local ?? tag.name));
  }

  private notWellFormed(message: string): never {
    if (MISPLACED_DOCTYPE.test(message)) this.refuseDoctype();
    const reason = message.replace(/^[^:]*:?\d+:\d+:\s*/, '');
    const where = `line ${this.sax.line}, column ${this.sax.column}`;
    throw new InspectionRejected(EXPECTED, 'XML that is not well-formed', `expected ${EXPECTED}, found XML that is not well-formed at ${where}: ${reason}`);
  }

  private refuseDoctype(): never {
    throw reject(EXPECTED, 'XML with a DOCTYPE declaration', 'DTDs and entity declarations are not accepted in PMML uploads');
  }

  private countAttribute(): void {
    if (++this.attributes > LIMITS.attributes) throw reject(EXPECTED, 'XML with an element of too many attributes');
  }

  private openTag(tag: SaxesTagNS): void {
    const local = tag.local ?? tag.name;
    if (!this.rootSeen) {
      this.rootSeen = true;
      if (local !== 'PMML') throw reject(EXPECTED, `XML whose root element is <${tag.name}>`, 'a PMML document starts with <PMML>');
    }
    if (++this.depth > LIMITS.depth) throw reject(EXPECTED, `XML nested deeper than ${LIMITS.depth} elements`);
    this.attributes = 0;
    this.collected.start(local, this.collected.records(local) ? attributesOf(tag) : NO_ATTRIBUTES, tag.uri);
    if (local === 'Timestamp' && !tag.isSelfClosing) this.captureText(true);
  }

  private closeTag(local: string): void {
    this.depth--;
    this.collected.end(local);
    if (local === 'Timestamp') this.captureText(false);
  }

  /** Text is only buffered inside <Timestamp>: saxes keeps no text while no handler is set. */
  private captureText(on: boolean): void {
    if (on) this.sax.on('text', (t) => this.collected.text(t));
    else this.sax.off('text');
  }

  push(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) this.feed(this.decoder.decode(chunk.subarray(at, at + PIECE_BYTES)));
  }

  private feed(text: string): void {
    if (!this.rootSeen) this.searchPrologForDoctype(text);
    this.sax.write(text);
    this.checkBuffers();
  }

  /**
   * Called only until the root element opens (rootSeen is set while saxes reads the chunk that
   * opens it, and that whole chunk was searched first). Later DOCTYPEs are saxes' to refuse.
   */
  private searchPrologForDoctype(text: string): void {
    if (text.includes(DOCTYPE) || (this.prologTail + text.slice(0, DOCTYPE.length - 1)).includes(DOCTYPE)) this.refuseDoctype();
    const keep = DOCTYPE.length - 1;
    this.prologTail = text.length >= keep ? text.slice(-keep) : (this.prologTail + text).slice(-keep);
  }

  private checkBuffers(): void {
    const s = this.sax as unknown as SaxesBuffers;
    for (const buf of [s.text, s.name, s.doctype, s.piTarget]) {
      if (typeof buf === 'string' && buf.length > LIMITS.tokenChars) {
        throw reject(EXPECTED, 'XML with a single token (text, comment or name) over 16 MiB');
      }
    }
  }

  end(): Inspection {
    this.feed(this.decoder.flush());
    this.sax.close();
    if (!this.rootSeen) throw reject(EXPECTED, sniff(this.head), 'the document has no <PMML> element');
    return this.result();
  }

  private result(): Inspection {
    const c = this.collected;
    const top = c.models.filter((m) => m.depth === 0);
    const signature = c.signature();
    const models = top.map((m) => `${m.type}${m.functionName === null ? '' : ` (${m.functionName})`}`).join(', ');
    const inspection: Inspection = {
      kind: 'pmml',
      verdict: 'safe',
      summary: `PMML ${c.version ?? '(no version)'}${models === '' ? ' without a model element' : `: ${models}`}${signature === undefined ? '' : `, ${signature.inputs.length} input fields`}`,
      details: {
        version: c.version, namespace: c.namespace, application: c.application, timestamp: c.timestamp?.trim() ?? null,
        dataDictionary: c.dataDictionary, models: c.models, modelCount: c.modelCount, elements: c.elements,
      },
      inspectorVersion: PMML_INSPECTOR_VERSION,
    };
    if (signature !== undefined) inspection.signature = signature;
    return inspection;
  }
}
