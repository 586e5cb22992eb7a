// Pickle and joblib inspection: runs the static scanner, classifies every global it finds, and
// condenses the result into an Inspection. Decompression (joblib's zlib/gzip/xz/... containers)
// happens before these bytes arrive; see inspector.ts.

import type { ArrayPlan } from './joblib-arrays.js';
import { classifyGlobal, worstVerdict } from './pickle-policy.js';
import { PickleScanner } from './pickle-scanner.js';
import { LIMITS } from './pickle-values.js';
import type { Container } from './sniff.js';
import type { ByteParser, Inspection, Verdict } from './types.js';

export const PICKLE_INSPECTOR_VERSION = 1;
const MAX_ARRAYS_LISTED = 200;

interface ArraySummary {
  shape: number[];
  dtype: string;
  order: string;
  bytes: number;
}

class GlobalLedger {
  readonly all: string[] = [];
  readonly dangerous: string[] = [];
  readonly suspicious: string[] = [];
  private readonly seen = new Set<string>();
  omitted = 0;
  verdict: Verdict = 'safe';

  add(name: string): void {
    if (this.seen.has(name)) return;
    const v = classifyGlobal(name);
    this.verdict = worstVerdict(this.verdict, name === '<unresolved STACK_GLOBAL>' ? 'dangerous' : v);
    if (this.seen.size >= LIMITS.globals) {
      // Past the cap only the verdict is kept up to date; the lists stop growing.
      this.omitted++;
      return;
    }
    this.seen.add(name);
    this.all.push(name);
    if (v === 'dangerous' || name.startsWith('<')) this.dangerous.push(name);
    else if (v === 'suspicious') this.suspicious.push(name);
  }
}

export class PickleParser implements ByteParser {
  private readonly ledger = new GlobalLedger();
  private readonly arrays: ArraySummary[] = [];
  private arrayCount = 0;
  private arrayBytes = 0;
  private readonly scanner: PickleScanner;

  constructor(private readonly container: Container, private readonly declaredJoblib: boolean) {
    this.scanner = new PickleScanner({
      onGlobal: (name) => this.ledger.add(name),
      onArray: (plan) => this.noteArray(plan),
    });
  }

  private noteArray(plan: ArrayPlan): void {
    this.arrayCount++;
    this.arrayBytes += plan.bytes;
    if (this.arrays.length < MAX_ARRAYS_LISTED) {
      this.arrays.push({ shape: plan.shape, dtype: plan.dtype, order: plan.order, bytes: plan.bytes });
    }
  }

  push(chunk: Uint8Array): void {
    this.scanner.push(chunk);
  }

  end(): Inspection {
    this.scanner.finish();
    const s = this.scanner;
    const joblib = this.declaredJoblib || this.container !== 'none' || this.arrayCount > 0;
    const ledger = this.ledger;
    let verdict = ledger.verdict;
    if (s.trailingBytes > 0) verdict = worstVerdict(verdict, 'suspicious');
    const details: Record<string, unknown> = {
      protocol: s.effectiveProtocol,
      globals: ledger.all,
      dangerousGlobals: ledger.dangerous,
      suspiciousGlobals: ledger.suspicious,
      reduceCount: s.reduceCount,
      opcodes: s.opcodes,
      pickles: s.pickles,
      persistentIds: s.persistentIds,
      ...(ledger.omitted > 0 ? { globalsOmitted: ledger.omitted } : {}),
      ...(s.trailingBytes > 0 ? { trailingBytes: s.trailingBytes } : {}),
    };
    if (joblib) {
      Object.assign(details, { container: this.container === 'none' ? 'raw' : this.container, arrays: this.arrays, arrayCount: this.arrayCount, arrayBytes: this.arrayBytes });
    }
    return {
      kind: joblib ? 'joblib' : 'pickle',
      verdict,
      summary: summarize(joblib, s.effectiveProtocol, ledger, verdict, this.arrayCount),
      details,
      inspectorVersion: PICKLE_INSPECTOR_VERSION,
    };
  }
}

function summarize(joblib: boolean, protocol: number, l: GlobalLedger, verdict: Verdict, arrays: number): string {
  const what = joblib ? `joblib file (pickle protocol ${protocol}, ${arrays} numpy arrays)` : `pickle protocol ${protocol}`;
  const count = `${l.all.length + l.omitted} globals`;
  if (verdict === 'dangerous') return `${what}, ${count}, dangerous: ${l.dangerous.slice(0, 5).join(', ')}`;
  if (verdict === 'suspicious') {
    const names = l.suspicious.slice(0, 5).join(', ');
    return `${what}, ${count}, suspicious: ${names === '' ? 'data after the end of the pickle' : names}`;
  }
  return `${what}, ${count}, all from known libraries`;
}
