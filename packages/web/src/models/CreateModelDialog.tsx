import type { Model } from '@modelry/client';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { Dialog } from '../components/Dialog';
import { TagsField, TextField } from '../components/Field';
import { MarkdownEditor } from '../components/MarkdownEditor';
import { errorFor, fieldErrorsOf, messageOf, unclaimedErrors, type FieldErrors } from '../lib/errors';
import { splitTags, tagProblem } from '../lib/tags';

interface CreateModelDialogProps {
  readonly ctx: string;
  readonly onClose: () => void;
  readonly onCreated: (model: Model) => void;
}

const FIELDS = ['name', 'tags', 'description'];

/** The "+" dialog: a name (unique in the context), tags and a markdown description. */
export function CreateModelDialog({ ctx, onClose, onCreated }: CreateModelDialogProps) {
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const liveTagProblem = tagProblem(tags);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (liveTagProblem !== undefined) return;
    if (name.trim() === '') {
      setErrors({ name: 'A name is required.' });
      return;
    }
    setBusy(true);
    try {
      const model = await api.models.create(ctx, { name: name.trim(), tags: splitTags(tags), description });
      onCreated(model);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(Object.keys(fields).length > 0 ? fields : { body: messageOf(error) });
      setBusy(false);
    }
  }

  const general = unclaimedErrors(errors, FIELDS);
  return (
    <Dialog title="New model" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate className="form">
        <TextField
          label="Name"
          name="name"
          required
          autoFocus
          value={name}
          onChange={(value) => {
            setName(value);
            setErrors(({ name: _dropped, ...rest }) => rest);
          }}
          error={errorFor(errors, 'name')}
          maxLength={128}
          autoComplete="off"
        />
        <TagsField value={tags} onChange={setTags} error={liveTagProblem ?? errorFor(errors, 'tags')} />
        <MarkdownEditor label="Description" name="description" value={description} onChange={setDescription} error={errorFor(errors, 'description')} />
        {general.map((message) => (
          <p key={message} className="form-error" role="alert">
            {message}
          </p>
        ))}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy || liveTagProblem !== undefined}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
