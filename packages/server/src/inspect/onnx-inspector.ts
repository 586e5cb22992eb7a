// ONNX inspection straight from the protobuf (onnx/onnx.proto3), without a runtime:
// ir_version, producer, opset imports, graph inputs/outputs with element types and shapes,
// the operator types used, and the initializer names (old exporters list weights as inputs).

import { type MessageFrame, ProtobufError, ProtobufWalker, type Schema } from './protobuf-reader.js';
import { sniff } from './sniff.js';
import { type ByteParser, type Inspection, type SignatureField, reject } from './types.js';

export const ONNX_INSPECTOR_VERSION = 1;
const EXPECTED = 'an ONNX model (protobuf)';
const CAP = { io: 1_000, dims: 64, initializers: 100_000, opTypes: 500, metadata: 100 };

const SCHEMA: Schema = {
  Model: {
    1: { int: 'ir_version' }, 2: { str: 'producer_name' }, 3: { str: 'producer_version' }, 4: { str: 'domain' },
    5: { int: 'model_version' }, 7: { msg: 'Graph' }, 8: { msg: 'OpsetId' }, 14: { msg: 'Entry' },
  },
  OpsetId: { 1: { str: 'domain' }, 2: { int: 'version' } },
  Entry: { 1: { str: 'key' }, 2: { str: 'value' } },
  Graph: { 1: { msg: 'Node' }, 2: { str: 'name' }, 5: { msg: 'Tensor' }, 11: { msg: 'ValueInfo' }, 12: { msg: 'ValueInfo' } },
  Node: { 4: { str: 'op_type' }, 7: { str: 'domain' } },
  Tensor: { 8: { str: 'name' } },
  ValueInfo: { 1: { str: 'name' }, 2: { msg: 'Type' } },
  Type: { 1: { msg: 'TensorType' }, 9: { msg: 'TensorType' }, 4: { msg: 'Other' }, 5: { msg: 'Other' }, 8: { msg: 'Other' } },
  TensorType: { 1: { int: 'elem_type' }, 2: { msg: 'Shape' } },
  Shape: { 1: { msg: 'Dim' } },
  Dim: { 1: { int: 'dim_value' }, 2: { str: 'dim_param' } },
  Other: {},
};

const ELEM_TYPES = [
  'UNDEFINED', 'FLOAT', 'UINT8', 'INT8', 'UINT16', 'INT16', 'INT32', 'INT64', 'STRING', 'BOOL', 'FLOAT16',
  'DOUBLE', 'UINT32', 'UINT64', 'COMPLEX64', 'COMPLEX128', 'BFLOAT16', 'FLOAT8E4M3FN', 'FLOAT8E4M3FNUZ',
  'FLOAT8E5M2', 'FLOAT8E5M2FNUZ', 'UINT4', 'INT4', 'FLOAT4E2M1',
];

interface ValueInfo { name: string; type?: string; shape?: Array<number | string> }

/** Builds the model facts as messages close (children close before their parents). */
class OnnxFacts {
  opsets: Array<{ domain: string; version: number }> = [];
  metadata: Record<string, string> = {};
  inputs: ValueInfo[] = [];
  outputs: ValueInfo[] = [];
  initializers = new Set<string>();
  initializerCount = 0;
  opTypes = new Map<string, number>();
  nodeCount = 0;
  graphSeen = false;
  private dims: Array<number | string> = [];
  private shape: Array<number | string> | null = null;
  private elemType: string | null = null;

  close(f: MessageFrame, parent: MessageFrame | undefined): void {
    const v = f.values;
    switch (f.type) {
      case 'Dim': return void (this.dims.length < CAP.dims && this.dims.push(typeof v.dim_param === 'string' ? v.dim_param : typeof v.dim_value === 'number' ? v.dim_value : '?'));
      case 'Shape': this.shape = this.dims; this.dims = []; return;
      case 'TensorType': this.elemType = ELEM_TYPES[Number(v.elem_type ?? 0)] ?? `type ${String(v.elem_type)}`; return;
      case 'Other': this.elemType = 'non-tensor'; return;
      case 'ValueInfo': return this.valueInfo(f, parent);
      case 'Node': return this.node(v);
      case 'Tensor':
        this.initializerCount++;
        if (parent?.type === 'Graph' && typeof v.name === 'string' && this.initializers.size < CAP.initializers) this.initializers.add(v.name);
        return;
      case 'OpsetId': return void this.opsets.push({ domain: typeof v.domain === 'string' && v.domain !== '' ? v.domain : 'ai.onnx', version: Number(v.version ?? 0) });
      case 'Entry': return void (Object.keys(this.metadata).length < CAP.metadata && (this.metadata[String(v.key)] = String(v.value ?? '')));
      case 'Graph': this.graphSeen = true; return;
    }
  }

  private valueInfo(f: MessageFrame, parent: MessageFrame | undefined): void {
    const info: ValueInfo = { name: String(f.values.name ?? '') };
    if (this.elemType !== null) info.type = this.elemType;
    if (this.shape !== null) info.shape = this.shape;
    this.elemType = null;
    this.shape = null;
    if (parent?.type !== 'Graph') return;
    const list = f.field === 11 ? this.inputs : f.field === 12 ? this.outputs : null;
    if (list !== null && list.length < CAP.io) list.push(info);
  }

  private node(v: Record<string, string | number>): void {
    this.nodeCount++;
    const op = typeof v.domain === 'string' && v.domain !== '' ? `${v.domain}.${String(v.op_type)}` : String(v.op_type ?? '?');
    if (this.opTypes.has(op) || this.opTypes.size < CAP.opTypes) this.opTypes.set(op, (this.opTypes.get(op) ?? 0) + 1);
  }
}

export class OnnxParser implements ByteParser {
  private readonly facts = new OnnxFacts();
  private readonly walker = new ProtobufWalker(SCHEMA, 'Model', { onClose: (f, p) => this.facts.close(f, p) });

  constructor(private readonly head: Uint8Array) {}

  push(chunk: Uint8Array): void {
    this.guard(() => this.walker.push(chunk));
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ProtobufError)) throw e;
      const found = this.walker.offset < 64 ? sniff(this.head) : 'a corrupt or truncated protobuf';
      throw reject(EXPECTED, found, e.message);
    }
  }

  end(): Inspection {
    const root = this.guard(() => this.walker.finish());
    const irVersion = root.values.ir_version;
    if (typeof irVersion !== 'number' || !this.facts.graphSeen) {
      throw reject(EXPECTED, sniff(this.head), 'a protobuf message without ir_version and graph is not an ONNX model');
    }
    return this.result(root.values, irVersion);
  }

  private result(v: Record<string, string | number>, irVersion: number): Inspection {
    const f = this.facts;
    const inputs = f.inputs.filter((i) => !f.initializers.has(i.name));
    const opsets = f.opsets.map((o) => `${o.domain} ${o.version}`).join(', ');
    const signature = { inputs: inputs.map(field), outputs: f.outputs.map(field) };
    return {
      kind: 'onnx',
      verdict: 'safe',
      summary: `ONNX IR ${irVersion}, opset ${opsets || 'none'}, from ${String(v.producer_name ?? 'unknown')} ${String(v.producer_version ?? '')}`.trim() +
        `, ${inputs.length} inputs, ${f.outputs.length} outputs`,
      details: {
        irVersion, producerName: v.producer_name ?? null, producerVersion: v.producer_version ?? null,
        domain: v.domain ?? null, modelVersion: v.model_version ?? null, opsetImports: f.opsets,
        inputs: f.inputs, outputs: f.outputs, initializersListedAsInputs: f.inputs.filter((i) => f.initializers.has(i.name)).map((i) => i.name),
        initializerCount: f.initializerCount, nodeCount: f.nodeCount, opTypes: Object.fromEntries(f.opTypes), metadata: f.metadata,
      },
      signature,
      inspectorVersion: ONNX_INSPECTOR_VERSION,
    };
  }
}

function field(i: ValueInfo): SignatureField {
  const out: SignatureField = { name: i.name };
  if (i.type !== undefined) out.type = i.type;
  if (i.shape !== undefined) out.shape = i.shape;
  return out;
}
