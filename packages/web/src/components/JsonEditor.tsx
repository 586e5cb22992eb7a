import { parse, printParseErrorCode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { useId } from 'react';

interface JsonEditorProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** A problem from the server for this field; the live syntax check comes first. */
  readonly error?: string | undefined;
  readonly hint?: string;
}

/**
 * Where the JSON text breaks, as "Line L, column C: reason", or undefined when it is valid (or empty).
 * Browsers' JSON.parse messages no longer say where; jsonc-parser does, in strict JSON mode.
 */
export function jsonProblem(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  return `Line ${line}, column ${column}: ${describe(first.error)}`;
}

function describe(code: ParseErrorCode): string {
  // "ValueExpected" → "value expected"
  return printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/**
 * A monospace JSON editor that validates as you type. A textarea, deliberately: it is keyboard- and
 * screen-reader-friendly and costs nothing on first load, where a code editor would cost ~150 KB.
 */
export function JsonEditor({ label, value, onChange, error, hint }: JsonEditorProps) {
  const id = useId();
  const syntax = jsonProblem(value);
  const shown = syntax ?? error;
  function format() {
    if (syntax === undefined && value.trim() !== '') onChange(JSON.stringify(JSON.parse(value), null, 2));
  }
  return (
    <div className="field">
      <div className="field-row">
        <label className="field-label" htmlFor={id}>
          {label} <span className="muted small">(JSON)</span>
        </label>
        <button type="button" className="btn ghost small" onClick={format} disabled={syntax !== undefined || value.trim() === ''}>
          Format
        </button>
      </div>
      <textarea
        id={id}
        className="code"
        rows={8}
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={shown !== undefined || undefined}
        placeholder={'{\n  "threshold": 0.5\n}'}
      />
      {shown !== undefined ? (
        <p className="field-error" role="status">
          {shown}
        </p>
      ) : (
        <p className="field-hint">{value.trim() === '' ? (hint ?? 'Empty means none.') : 'Valid JSON.'}</p>
      )}
    </div>
  );
}
