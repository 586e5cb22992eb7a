import type { Format, Version } from '@modelry/client';
import { CircleAlert, ShieldCheck, TriangleAlert } from 'lucide-react';

export type Inspection = NonNullable<Format['inspection']>;
export type Signature = NonNullable<Version['signature']>;

const VERDICT_TEXT: Record<Inspection['verdict'], string> = {
  safe: 'Safe',
  suspicious: 'Suspicious',
  dangerous: 'Dangerous',
};

/**
 * What the server's format inspector found in one file: a verdict badge, the one-line summary, and the facts
 * in a native <details> panel (keyboard-operable and announced as expandable without any script).
 * Dangerous pickles are flagged loudly: a red badge with a warning icon and the globals named on the row itself,
 * not hidden in the panel.
 */
export function InspectionCell({ inspection, formatId }: { inspection: Inspection | null; formatId: string }) {
  if (inspection === null) return <span className="muted">—</span>;
  const dangerous = strings(inspection.details.dangerousGlobals);
  const suspicious = strings(inspection.details.suspiciousGlobals);
  return (
    <div className="inspection" data-verdict={inspection.verdict}>
      <VerdictBadge verdict={inspection.verdict} />
      {inspection.verdict === 'dangerous' && dangerous.length > 0 && (
        <p className="inspection-alert" role="note">
          Loading this file runs <GlobalList names={dangerous} />
        </p>
      )}
      {inspection.verdict === 'suspicious' && suspicious.length > 0 && (
        <p className="inspection-note">
          Imports outside the known ML libraries: <GlobalList names={suspicious} />
        </p>
      )}
      <p className="inspection-summary">{inspection.summary}</p>
      <details className="inspection-details">
        <summary>
          Details<span className="visually-hidden"> of the {formatId} inspection</span>
        </summary>
        <InspectionFacts inspection={inspection} />
      </details>
    </div>
  );
}

export function VerdictBadge({ verdict }: { verdict: Inspection['verdict'] }) {
  const Icon = verdict === 'dangerous' ? TriangleAlert : verdict === 'suspicious' ? CircleAlert : ShieldCheck;
  return (
    <span className={`badge verdict ${verdict}`} title={verdict === 'dangerous' ? 'Loading this file can run code on the machine that loads it' : undefined}>
      <Icon size={12} aria-hidden="true" /> {VERDICT_TEXT[verdict]}
    </span>
  );
}

function GlobalList({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((name, index) => (
        <span key={name}>
          {index > 0 && ', '}
          <code>{name}</code>
        </span>
      ))}
    </>
  );
}

/** The facts worth reading per kind (see docs/inspection.md), then everything else as JSON for the curious. */
function InspectionFacts({ inspection }: { inspection: Inspection }) {
  const facts = factsOf(inspection);
  return (
    <>
      {facts.length > 0 && (
        <dl className="facts compact-facts">
          {facts.map(([label, value]) => (
            <div key={label} className="fact">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {inspection.signature !== undefined && <SignatureTable signature={inspection.signature} caption="Fields declared in the file" />}
      <pre className="code-block small" tabIndex={0} aria-label="All inspection details">
        {JSON.stringify(inspection.details, null, 2)}
      </pre>
    </>
  );
}

type Fact = [label: string, value: string];

function factsOf(inspection: Inspection): Fact[] {
  const d = inspection.details;
  const out: Fact[] = [];
  const add = (label: string, value: unknown) => {
    const text = show(value);
    if (text !== '') out.push([label, text]);
  };
  switch (inspection.kind) {
    case 'pickle':
    case 'joblib':
      add('Protocol', d.protocol);
      add('Globals', strings(d.globals).join(', ') || 'none');
      add('Dangerous', strings(d.dangerousGlobals).join(', '));
      add('Suspicious', strings(d.suspiciousGlobals).join(', '));
      add('Container', d.container);
      add('Arrays', d.arrayCount);
      add('Trailing bytes', d.trailingBytes);
      break;
    case 'pmml': {
      add('PMML version', d.version);
      add('Application', isRecord(d.application) ? [d.application.name, d.application.version].map(show).join(' ').trim() : d.application);
      const models = Array.isArray(d.models) ? d.models : [];
      add(
        'Model type',
        models
          .map((m) => (isRecord(m) ? `${show(m.type)}${m.functionName == null ? '' : ` (${show(m.functionName)})`}` : ''))
          .filter((s) => s !== '')
          .join(', '),
      );
      break;
    }
    case 'r':
      add('R header', [d.magic, d.format, d.serializationVersion === undefined ? undefined : `v${show(d.serializationVersion)}`].map(show).filter((s) => s !== '').join(' '));
      add('Written by R', d.writtenByR);
      add('Readable from R', d.minReaderR);
      add('Compression', d.compression);
      add('Objects', strings(d.objectNames).join(', '));
      break;
    case 'onnx':
      add('IR version', d.irVersion);
      add(
        'Opsets',
        (Array.isArray(d.opsetImports) ? d.opsetImports : [])
          .map((o) => (isRecord(o) ? `${show(o.domain) || 'ai.onnx'} ${show(o.version)}` : ''))
          .filter((s) => s !== '')
          .join(', '),
      );
      add('Producer', [d.producerName, d.producerVersion].map(show).join(' ').trim());
      break;
  }
  return out;
}

/** A model's input (and output) fields, as a PMML or ONNX file declares them. */
export function SignatureTable({ signature, caption }: { signature: Signature; caption: string }) {
  const rows = [
    ...signature.inputs.map((field) => ({ ...field, direction: 'input' })),
    ...(signature.outputs ?? []).map((field) => ({ ...field, usage: undefined as string | undefined, direction: 'output' })),
  ];
  if (rows.length === 0) return <p className="muted">The file declares no fields.</p>;
  // PMML fields have no shape and ONNX ones no usage: a column nobody fills only costs width on a phone.
  const hasShape = rows.some((field) => field.shape !== undefined);
  const hasUsage = signature.inputs.some((field) => field.usage !== undefined);
  return (
    <div className="table-wrap">
      <table className="table compact signature-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            {hasShape && <th scope="col">Shape</th>}
            <th scope="col">{hasUsage ? 'Usage' : 'Role'}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((field) => (
            <tr key={`${field.direction}:${field.name}`} data-field={field.name}>
              <th scope="row">
                <code>{field.name}</code>
              </th>
              <td>{field.type ?? '—'}</td>
              {hasShape && <td>{field.shape === undefined ? '—' : `[${field.shape.join(', ')}]`}</td>}
              <td>{field.direction === 'output' ? 'output' : (field.usage ?? 'input')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => (typeof item === 'string' ? item : isRecord(item) && typeof item.name === 'string' ? item.name : JSON.stringify(item)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
