import type { Format, Inspection } from '../index.node.js';
import { paint, type Style } from './style.js';

const VERDICT_STYLE: Record<Inspection['verdict'], Style> = { safe: 'green', suspicious: 'yellow', dangerous: 'red' };

/** The verdict word, coloured on a terminal: green safe, yellow suspicious, red dangerous. */
export function verdictText(inspection: Inspection | null): string {
  if (inspection === null) return '-';
  return paint(inspection.verdict, VERDICT_STYLE[inspection.verdict]);
}

/** `details.dangerousGlobals` / `suspiciousGlobals` of a pickle or joblib inspection (empty for other kinds). */
export function namedGlobals(inspection: Inspection, which: 'dangerousGlobals' | 'suspiciousGlobals'): string[] {
  const value = inspection.details[which];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** One line for lists and upload confirmations: `inspection: dangerous — pickle protocol 0, …`. */
export function inspectionLine(inspection: Inspection | null): string {
  if (inspection === null) return 'inspection: none (no file)';
  return `inspection: ${verdictText(inspection)} — ${inspection.summary}`;
}

/** The report of `formats inspect`: verdict, summary, the named globals (highlighted) and the signature. */
export function inspectionReport(label: string, format: Format): string[] {
  const inspection = format.inspection;
  if (inspection === null) return [`${label}: no inspection (the format has no file)`];
  const lines = [
    `${label}: ${verdictText(inspection)} (${inspection.kind} inspector v${inspection.inspectorVersion})`,
    `summary: ${inspection.summary}`,
  ];
  const dangerous = namedGlobals(inspection, 'dangerousGlobals');
  if (dangerous.length > 0) lines.push(`dangerous globals: ${dangerous.map((name) => paint(name, 'red')).join(', ')}`);
  const suspicious = namedGlobals(inspection, 'suspiciousGlobals');
  if (suspicious.length > 0) lines.push(`suspicious globals: ${suspicious.map((name) => paint(name, 'yellow')).join(', ')}`);
  const signature = inspection.signature;
  if (signature !== undefined) {
    const field = (f: { name: string; type?: string }): string => (f.type === undefined ? f.name : `${f.name}: ${f.type}`);
    lines.push(`inputs: ${signature.inputs.map(field).join(', ') || '-'}`);
    if (signature.outputs !== undefined && signature.outputs.length > 0) lines.push(`outputs: ${signature.outputs.map(field).join(', ')}`);
  }
  return lines;
}
