// Collects the PMML facts a registry shows from the element events of a well-formed document:
// version, Header, DataDictionary, every model element (nested ones inside MiningModel
// segments too) with its MiningSchema and Output fields. Every list is capped.

import type { Signature } from './types.js';

export const MODEL_ELEMENTS = new Set([
  'AnomalyDetectionModel', 'AssociationModel', 'BayesianNetworkModel', 'BaselineModel', 'ClusteringModel',
  'GaussianProcessModel', 'GeneralRegressionModel', 'MiningModel', 'NaiveBayesModel', 'NearestNeighborModel',
  'NeuralNetwork', 'RegressionModel', 'RuleSetModel', 'SequenceModel', 'Scorecard', 'SupportVectorMachineModel',
  'TextModel', 'TimeSeriesModel', 'TreeModel',
]);

/** The elements whose attributes start() reads; for every other element it only counts. */
const RECORDED = new Set([...MODEL_ELEMENTS, 'PMML', 'Application', 'DataField', 'Segment', 'MiningField', 'OutputField']);

const CAP = { models: 500, fields: 5_000, dictionary: 10_000, text: 256 };

export interface MiningField { name: string; usageType: string }
export interface OutputField { name: string; dataType?: string; feature?: string }
export interface PmmlModel {
  type: string;
  functionName: string | null;
  modelName: string | null;
  algorithmName: string | null;
  depth: number; // 0 for models directly under PMML
  segmentId: string | null;
  miningSchema: MiningField[];
  outputFields: OutputField[];
}
export interface DataField { name: string; optype: string | null; dataType: string | null }

type Attrs = Record<string, string>;

function pick(a: Attrs, key: string): string | null {
  const v = a[key];
  return v === undefined ? null : v.slice(0, CAP.text);
}

export class PmmlCollector {
  version: string | null = null;
  namespace: string | null = null;
  application: { name: string | null; version: string | null } | null = null;
  timestamp: string | null = null;
  readonly dataDictionary: DataField[] = [];
  readonly models: PmmlModel[] = [];
  modelCount = 0;
  elements = 0;
  private readonly open: PmmlModel[] = [];
  private segment: string | null = null;

  /** True when start() reads the attributes of this element (the caller may pass none otherwise). */
  records(name: string): boolean {
    return RECORDED.has(name);
  }

  /** Called for every start tag with its local name and attributes. */
  start(name: string, a: Attrs, uri: string): void {
    this.elements++;
    if (MODEL_ELEMENTS.has(name)) return this.startModel(name, a);
    const model = this.open[this.open.length - 1];
    switch (name) {
      case 'PMML': this.version = pick(a, 'version'); this.namespace = uri || null; return;
      case 'Application': this.application = { name: pick(a, 'name'), version: pick(a, 'version') }; return;
      case 'DataField':
        if (this.dataDictionary.length < CAP.dictionary) {
          this.dataDictionary.push({ name: pick(a, 'name') ?? '', optype: pick(a, 'optype'), dataType: pick(a, 'dataType') });
        }
        return;
      case 'Segment': this.segment = pick(a, 'id'); return;
      case 'MiningField':
        if (model !== undefined && model.miningSchema.length < CAP.fields) {
          model.miningSchema.push({ name: pick(a, 'name') ?? '', usageType: pick(a, 'usageType') ?? 'active' });
        }
        return;
      case 'OutputField':
        if (model !== undefined && model.outputFields.length < CAP.fields) model.outputFields.push(outputField(a));
        return;
    }
  }

  end(name: string): void {
    if (MODEL_ELEMENTS.has(name)) this.open.pop();
  }

  text(t: string): void {
    this.timestamp = ((this.timestamp ?? '') + t).slice(0, CAP.text);
  }

  private startModel(type: string, a: Attrs): void {
    this.modelCount++;
    const model: PmmlModel = {
      type, functionName: pick(a, 'functionName'), modelName: pick(a, 'modelName'), algorithmName: pick(a, 'algorithmName'),
      depth: this.open.length, segmentId: this.open.length > 0 ? this.segment : null, miningSchema: [], outputFields: [],
    };
    // Past the cap, models are still tracked for nesting but not kept.
    if (this.models.length < CAP.models) this.models.push(model);
    this.open.push(model);
  }

  /** Inputs (active mining fields, typed from the DataDictionary) and outputs of the top-level model. */
  signature(): Signature | undefined {
    const top = this.models.find((m) => m.depth === 0);
    if (top === undefined) return undefined;
    const types = new Map(this.dataDictionary.map((f) => [f.name, f.dataType]));
    const typed = (name: string, t: string | null | undefined): { name: string; type?: string } =>
      t == null ? { name } : { name, type: t };
    const inputs = top.miningSchema
      .filter((f) => f.usageType === 'active')
      .map((f) => ({ ...typed(f.name, types.get(f.name)), usage: f.usageType }));
    const targets = top.miningSchema.filter((f) => f.usageType === 'predicted' || f.usageType === 'target');
    const outputs = top.outputFields.length > 0
      ? top.outputFields.map((f) => typed(f.name, f.dataType ?? types.get(f.name)))
      : targets.map((f) => typed(f.name, types.get(f.name)));
    return { inputs, outputs };
  }
}

function outputField(a: Attrs): OutputField {
  const f: OutputField = { name: pick(a, 'name') ?? '' };
  const dataType = pick(a, 'dataType');
  const feature = pick(a, 'feature');
  if (dataType !== null) f.dataType = dataType;
  if (feature !== null) f.feature = feature;
  return f;
}
