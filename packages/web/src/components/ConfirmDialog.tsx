import { useState, type ReactNode } from 'react';
import { messageOf } from '../lib/errors';
import { Dialog } from './Dialog';
import { TextField } from './Field';

interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly busyLabel: string;
  readonly tone?: 'danger' | 'primary';
  /** When set, the confirm button stays disabled until exactly this is typed (deleting a model asks for its name). */
  readonly typeToConfirm?: string;
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

/** "Are you sure?" for one-way actions; the server's refusal, if any, is shown in place. */
export function ConfirmDialog({ title, children, confirmLabel, busyLabel, tone = 'danger', typeToConfirm, onConfirm, onClose }: ConfirmDialogProps) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const ready = typeToConfirm === undefined || typed === typeToConfirm;

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready && !busy) void confirm();
        }}
      >
        <div className="confirm-text">{children}</div>
        {typeToConfirm !== undefined && (
          <TextField
            label={`Type “${typeToConfirm}” to confirm`}
            value={typed}
            onChange={setTyped}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            name="confirm-name"
          />
        )}
        {error !== undefined && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose} autoFocus={typeToConfirm === undefined}>
            Cancel
          </button>
          <button type="submit" className={`btn ${tone}`} disabled={!ready || busy}>
            {busy ? busyLabel : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
