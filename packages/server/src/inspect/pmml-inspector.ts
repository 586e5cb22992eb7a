// PMML inspection with saxes, a streaming XML parser that never fetches external entities or
// DTDs. Any DOCTYPE is refused as soon as it appears (before saxes reads it), which stops XXE
// and entity-expansion ("billion laughs") files in their first bytes. saxes buffers text,
// names and comments inside a token, so those buffers are checked after each chunk and a
// token that grows past a cap is refused: memory stays flat whatever the input.

import { SaxesParser, type SaxesTagNS } from 'saxes';
import { PmmlCollector } from './pmml-collector.js';
import { sniff } from './sniff.js';
import { type ByteParser, type Inspection, InspectionRejected, reject } from './types.js';

export const PMML_INSPECTOR_VERSION = 1;
const EXPECTED = 'PMML (XML)';
const LIMITS = { depth: 512, tokenChars: 16 * 1024 * 1024, attributes: 10_000 };

/** The parts of saxes' internal state that grow within one token (checked, never written). */
interface SaxesBuffers { text?: unknown; name?: unknown; doctype?: unknown; piTarget?: unknown }

export class PmmlParser implements ByteParser {
  private readonly sax = new SaxesParser({ xmlns: true, position: true });
  private readonly decoder = new TextDecoder('utf-8');
  private readonly collected = new PmmlCollector();
  private depth = 0;
  private attributes = 0;
  private rootSeen = false;
  private tail = '';

  constructor(private readonly head: Uint8Array) {
    if (!/^XML/.test(sniff(head))) throw reject(EXPECTED, sniff(head));
    this.sax.on('error', (e) => this.notWellFormed(e.message));
    this.sax.on('doctype', () => this.refuseDoctype());
    this.sax.on('attribute', () => this.countAttribute());
    this.sax.on('opentag', (tag) => this.openTag(tag));
    this.sax.on('closetag', (tag) => this.closeTag(tag.local ?? tag.name));
  }

  private notWellFormed(message: string): never {
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
    const attrs: Record<string, string> = {};
    for (const [k, a] of Object.entries(tag.attributes)) attrs[a.local || k] = a.value;
    this.collected.start(local, attrs, tag.uri);
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
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  private feed(text: string): void {
    // Look across the chunk boundary too, so "<!DOC" + "TYPE" is still caught.
    const window = this.tail + text;
    if (window.includes('<!DOCTYPE')) this.refuseDoctype();
    this.tail = window.slice(-8);
    this.sax.write(text);
    this.checkBuffers();
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
    this.feed(this.decoder.decode());
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
