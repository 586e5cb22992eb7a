// Shared shapes of the inspectors. Kept apart from inspector.ts (the dispatcher) so that
// format modules can import them without a cycle; inspector.ts re-exports everything.

export type InspectableFormat = 'pkl' | 'joblib' | 'rda' | 'rds' | 'pmml' | 'onnx';
export type Verdict = 'safe' | 'suspicious' | 'dangerous';

export interface SignatureField {
  name: string;
  type?: string;
  shape?: Array<number | string>;
  usage?: string;
}

export interface Signature {
  inputs: SignatureField[];
  outputs?: Array<{ name: string; type?: string; shape?: Array<number | string> }>;
}

/** JSON-serializable result, stored with the format row. */
export interface Inspection {
  kind: 'pickle' | 'joblib' | 'pmml' | 'r' | 'onnx';
  verdict: Verdict;
  summary: string;
  details: Record<string, unknown>;
  signature?: Signature;
  inspectorVersion: number;
}

/**
 * The content does not match the declared format, or is malformed, truncated or hostile.
 * `expected` and `found` are short phrases ("a Python pickle", "XML (PMML)") so the API can
 * say both; the message is one human sentence that already contains them.
 */
export class InspectionRejected extends Error {
  override readonly name = 'InspectionRejected';
  constructor(
    readonly expected: string,
    readonly found: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** A synchronous parser over the (possibly decompressed) bytes of one format. */
export interface ByteParser {
  push(chunk: Uint8Array): void;
  /** Called once after the last byte; throws InspectionRejected when the content is incomplete or bad. */
  end(): Inspection;
}

/** Builds a rejection whose message names both what was expected and what was found. */
export function reject(expected: string, found: string, why?: string): InspectionRejected {
  const tail = why === undefined ? '' : `: ${why}`;
  return new InspectionRejected(expected, found, `expected ${expected}, found ${found}${tail}`);
}
