import type { Model } from '@modelry/client';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { Dialog } from '../components/Dialog';
import { TagsField, TextField } from '../components/Field';
import { MarkdownEditor } from '../components/MarkdownEditor';
import { errorFor, fieldErrorsOf, messageOf, unclaimedErrors, type FieldErrors } from '../lib/errors';
import { splitTags, tagProblem } from '../lib/tags';

/** Name, tags and description of a model: the only parts of it a person edits. */
export function EditModelDialog({ ctx, model, onClose, onSaved }: { ctx: string; model: Model; onClose: () => void; onSaved: (model: Model) => void }) {
  const [name, setName] = useState(model.name);
  const [tags, setTags] = useState(model.tags.join(', '));
  const [description, setDescription] = useState(model.description);
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
      onSaved(await api.models.update(ctx, model.id, { name: name.trim(), tags: splitTags(tags), description }));
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(Object.keys(fields).length > 0 ? fields : { body: messageOf(error) });
      setBusy(false);
    }
  }

  return (
    <Dialog title="Edit model" onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Name" name="name" required value={name} onChange={setName} error={errorFor(errors, 'name')} maxLength={128} autoComplete="off" />
        <TagsField value={tags} onChange={setTags} error={liveTagProblem ?? errorFor(errors, 'tags')} />
        <MarkdownEditor label="Description" name="description" value={description} onChange={setDescription} error={errorFor(errors, 'description')} />
        {unclaimedErrors(errors, ['name', 'tags', 'description']).map((message) => (
          <p key={message} className="form-error" role="alert">
            {message}
          </p>
        ))}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy || liveTagProblem !== undefined}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
