import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
}

/** A labelled input whose error (from the server or a live check) sits right under it. */
export function TextField({ label, value, onChange, error, hint, ...rest }: TextFieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        {...rest}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error !== undefined || undefined}
        aria-describedby={error !== undefined || hint !== undefined ? messageId : undefined}
      />
      {error !== undefined ? (
        <p className="field-error" id={messageId}>
          {error}
        </p>
      ) : (
        hint !== undefined && (
          <p className="field-hint" id={messageId}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}

/** Comma-separated tags, checked against the 32-character limit on every keystroke. */
export function TagsField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string | undefined }) {
  return (
    <TextField
      label="Tags"
      name="tags"
      value={value}
      onChange={onChange}
      error={error}
      placeholder="classification, iris, sklearn"
      hint="Comma-separated; each tag at most 32 characters."
      autoComplete="off"
    />
  );
}
