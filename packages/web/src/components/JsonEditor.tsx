import { useId } from 'react';

interface JsonEditorProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** A problem from the server for this field; the live syntax check comes first. */
  readonly error?: string | undefined;
  readonly hint?: string;
}

/** Where the JSON text breaks, as "line L, column C: reason", or undefined when it parses (or is empty). */
export function jsonProblem(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    if (position === undefined) return message;
    const before = text.slice(0, Number(position));
    const line = before.split('\n').length;
    const column = Number(position) - before.lastIndexOf('\n');
    return `Line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`;
  }
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
