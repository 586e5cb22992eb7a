import { useId, useState } from 'react';
import { Markdown } from './Markdown';

interface MarkdownEditorProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly name?: string;
  readonly rows?: number;
}

/** A textarea with Write / Preview tabs: the field takes plain text and shows it rendered. */
export function MarkdownEditor({ label, value, onChange, error, name, rows = 6 }: MarkdownEditorProps) {
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const id = useId();
  return (
    <div className="field">
      <div className="field-row">
        <label className="field-label" htmlFor={id}>
          {label} <span className="muted small">(markdown)</span>
        </label>
        <div className="segmented" role="tablist" aria-label={`${label} mode`}>
          {(['write', 'preview'] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="tab"
              aria-selected={mode === option}
              className={mode === option ? 'active' : ''}
              onClick={() => setMode(option)}
            >
              {option === 'write' ? 'Write' : 'Preview'}
            </button>
          ))}
        </div>
      </div>
      {mode === 'write' ? (
        <textarea
          id={id}
          name={name}
          rows={rows}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error !== undefined || undefined}
          placeholder="Plain text; **markdown** is rendered."
        />
      ) : (
        <div className="preview" id={id} tabIndex={0} aria-label={`${label} preview`}>
          <Markdown source={value} empty="Nothing to preview." />
        </div>
      )}
      {error !== undefined && <p className="field-error">{error}</p>}
    </div>
  );
}
