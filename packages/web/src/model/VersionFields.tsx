import { Plus, Trash2 } from 'lucide-react';
import { TagsField, TextField } from '../components/Field';
import { JsonEditor } from '../components/JsonEditor';
import { MarkdownEditor } from '../components/MarkdownEditor';
import { errorFor, type FieldErrors } from '../lib/errors';
import type { HyperparameterRow, RecordRow, VersionDraft } from './version-draft';

interface VersionFieldsProps {
  readonly draft: VersionDraft;
  readonly onChange: (draft: VersionDraft) => void;
  /** Live problems first, then the server's, by field. */
  readonly errors: FieldErrors;
}

export const VERSION_FIELDS = ['name', 'description', 'tags', 'hyperparameters', 'config', 'records'];

/** The metadata of a version: shared by the New Version tab and the edit dialog. */
export function VersionFields({ draft, onChange, errors }: VersionFieldsProps) {
  const set = <K extends keyof VersionDraft>(key: K, value: VersionDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <>
      <TextField label="Name" name="version-name" value={draft.name} onChange={(value) => set('name', value)} error={errorFor(errors, 'name')} maxLength={128} hint="Optional, e.g. “retrained on March data”." />
      <MarkdownEditor label="Description" name="version-description" value={draft.description} onChange={(value) => set('description', value)} error={errorFor(errors, 'description')} rows={4} />
      <TagsField value={draft.tags} onChange={(value) => set('tags', value)} error={errorFor(errors, 'tags')} />
      <HyperparameterRows rows={draft.hyperparameters} onChange={(rows) => set('hyperparameters', rows)} error={errorFor(errors, 'hyperparameters')} />
      <JsonEditor label="Config" value={draft.config} onChange={(value) => set('config', value)} error={errorFor(errors, 'config')} hint="Read by deployment containers. Empty means none." />
      <RecordRows rows={draft.records} onChange={(rows) => set('records', rows)} errors={errors} />
    </>
  );
}

function HyperparameterRows({ rows, onChange, error }: { rows: readonly HyperparameterRow[]; onChange: (rows: HyperparameterRow[]) => void; error: string | undefined }) {
  const update = (index: number, patch: Partial<HyperparameterRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="field rows-field">
      <legend className="field-label">Hyperparameters</legend>
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input aria-label={`Hyperparameter ${index + 1} name`} placeholder="name, e.g. max_depth" value={row.key} onChange={(event) => update(index, { key: event.target.value })} />
          <input aria-label={`Hyperparameter ${index + 1} value`} placeholder="value, e.g. 4" value={row.value} onChange={(event) => update(index, { value: event.target.value })} />
          <button type="button" className="btn ghost icon-only" aria-label={`Remove hyperparameter ${index + 1}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            <Trash2 size={16} aria-hidden="true" />
          </button>
        </div>
      ))}
      <button type="button" className="btn small" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        <Plus size={14} aria-hidden="true" /> Add hyperparameter
      </button>
      {error !== undefined ? <p className="field-error">{error}</p> : <p className="field-hint">Values that read as JSON (numbers, true/false, lists) are stored as such.</p>}
    </fieldset>
  );
}

function RecordRows({ rows, onChange, errors }: { rows: readonly RecordRow[]; onChange: (rows: RecordRow[]) => void; errors: FieldErrors }) {
  const update = (index: number, patch: Partial<RecordRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const general = errors.records;
  return (
    <fieldset className="field rows-field">
      <legend className="field-label">Records (training datasets)</legend>
      {rows.map((row, index) => {
        const rowError = errorFor(errors, `records[${index}]`);
        return (
          <div key={index} className="record-row-wrap">
            <div className="record-row">
              <input aria-label={`Record ${index + 1} URI`} placeholder="s3://bucket/train.csv or https://…" value={row.uri} onChange={(event) => update(index, { uri: event.target.value })} aria-invalid={rowError !== undefined || undefined} />
              <input aria-label={`Record ${index + 1} name`} placeholder="name (optional)" value={row.name} onChange={(event) => update(index, { name: event.target.value })} />
              <input aria-label={`Record ${index + 1} sha256`} placeholder="sha256 (optional)" value={row.sha256} onChange={(event) => update(index, { sha256: event.target.value })} className="code" />
              <button type="button" className="btn ghost icon-only" aria-label={`Remove record ${index + 1}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                <Trash2 size={16} aria-hidden="true" />
              </button>
            </div>
            {rowError !== undefined && <p className="field-error">{rowError}</p>}
          </div>
        );
      })}
      <button type="button" className="btn small" onClick={() => onChange([...rows, { uri: '', name: '', sha256: '' }])}>
        <Plus size={14} aria-hidden="true" /> Add record
      </button>
      {general !== undefined ? <p className="field-error">{general}</p> : <p className="field-hint">References to the data the version was trained on.</p>}
    </fieldset>
  );
}
