import type { Version } from '@modelry/client';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { Dialog } from '../components/Dialog';
import { fieldErrorsOf, messageOf, unclaimedErrors, type FieldErrors } from '../lib/errors';
import { bodyOf, draftOf, draftProblems } from './version-draft';
import { VERSION_FIELDS, VersionFields } from './VersionFields';

interface EditVersionDialogProps {
  readonly ctx: string;
  readonly modelId: string;
  readonly version: Version;
  readonly onClose: () => void;
  readonly onSaved: (version: Version) => void;
}

/** Edits an unpublished version's metadata (the server refuses once it is published). */
export function EditVersionDialog({ ctx, modelId, version, onClose, onSaved }: EditVersionDialogProps) {
  const [draft, setDraft] = useState(() => draftOf(version));
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const live = draftProblems(draft);
  const errors = { ...serverErrors, ...live };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (Object.keys(live).length > 0) return;
    setBusy(true);
    try {
      onSaved(await api.versions.update(ctx, modelId, version.number, bodyOf(draft)));
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setServerErrors(Object.keys(fields).length > 0 ? fields : { body: messageOf(error) });
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Edit version ${version.number}`} onClose={onClose} wide>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <VersionFields draft={draft} onChange={setDraft} errors={errors} />
        {unclaimedErrors(errors, VERSION_FIELDS).map((message) => (
          <p key={message} className="form-error" role="alert">
            {message}
          </p>
        ))}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy || Object.keys(live).length > 0}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
