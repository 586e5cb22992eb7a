import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { useContextAccess, PERMISSION_REASON } from '../auth/context-access';
import { ProgressBar } from '../components/ProgressBar';
import { EmptyState } from '../components/States';
import { useToast } from '../components/Toasts';
import { reportSessionEnded } from '../auth/session-events';
import { fieldErrorsOf, isStatus, messageOf, unclaimedErrors, type FieldErrors } from '../lib/errors';
import { formatBytes } from '../lib/format';
import { KNOWN_FORMATS, type FormatId } from '../lib/formats';
import { fileTooLarge, useLimits, versionLimitReason, type Limits } from '../lib/limits';
import { useModelView, versionPath } from './model-context';
import { bodyOf, draftProblems, EMPTY_DRAFT, type VersionDraft } from './version-draft';
import { VERSION_FIELDS, VersionFields } from './VersionFields';

type Files = Partial<Record<FormatId, File>>;
type UploadState = Partial<Record<FormatId, { loaded: number; total: number | undefined; done?: boolean; error?: string }>>;

/** What is wrong with the picked files before anything is sent: too large, or more formats than a version may hold. */
function filesProblems(files: Files, limits: Limits): FieldErrors {
  const out: FieldErrors = {};
  const picked = KNOWN_FORMATS.filter((known) => files[known.id] !== undefined);
  for (const known of picked) {
    const file = files[known.id];
    const tooLarge = file === undefined ? undefined : fileTooLarge(file, limits);
    if (tooLarge !== undefined) out[`file.${known.id}`] = tooLarge;
  }
  if (picked.length > limits.maxFormats) out.formats = `${picked.length} files picked; a version holds at most ${limits.maxFormats} formats on this server.`;
  return out;
}

/** Creates a version (the server assigns its number) and uploads a file per chosen format, with progress. */
export function NewVersionTab() {
  const view = useModelView();
  const { can } = useContextAccess();
  const navigate = useNavigate();
  const notify = useToast();
  const [draft, setDraft] = useState<VersionDraft>(EMPTY_DRAFT);
  const [files, setFiles] = useState<Files>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [uploads, setUploads] = useState<UploadState>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<number>();
  const limits = useLimits();
  const chosen = KNOWN_FORMATS.filter((known) => files[known.id] !== undefined);
  const fileProblems = filesProblems(files, limits);
  const live = { ...draftProblems(draft), ...fileProblems };
  const errors = { ...serverErrors, ...live };

  if (!can('model:create')) return <EmptyState title="New versions are not available">{PERMISSION_REASON['model:create']}.</EmptyState>;
  const full = versionLimitReason(view.versions.length, limits);
  if (full !== undefined && created === undefined) return <EmptyState title="No room for a new version">{full}</EmptyState>;

  async function uploadAll(number: number): Promise<boolean> {
    let ok = true;
    for (const known of chosen) {
      const file = files[known.id];
      if (file === undefined || uploads[known.id]?.done === true) continue;
      const track = (state: UploadState[FormatId]) => setUploads((previous) => ({ ...previous, [known.id]: state }));
      track({ loaded: 0, total: file.size });
      try {
        await api.formats.upload(view.ctx, view.model.id, number, known.id, file, {
          fileName: file.name,
          onProgress: (progress) => track({ loaded: progress.loaded, total: progress.total }),
        });
        track({ loaded: file.size, total: file.size, done: true });
      } catch (error) {
        // Uploads go through XMLHttpRequest (for progress), past the client's fetch that watches for 401.
        if (isStatus(error, 401)) reportSessionEnded();
        ok = false;
        track({ loaded: 0, total: file.size, error: messageOf(error) });
      }
    }
    return ok;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (Object.keys(live).length > 0 || busy) return;
    setBusy(true);
    setServerErrors({});
    let number = created;
    if (number === undefined) {
      try {
        number = (await api.versions.create(view.ctx, view.model.id, bodyOf(draft))).number;
        setCreated(number);
      } catch (error) {
        const fields = fieldErrorsOf(error);
        setServerErrors(Object.keys(fields).length > 0 ? fields : { body: messageOf(error) });
        setBusy(false);
        return;
      }
    }
    const ok = await uploadAll(number);
    await view.refresh();
    setBusy(false);
    if (ok) {
      notify(`Version ${number} created`);
      void navigate(versionPath(view.base, number));
    }
  }

  return (
    <form className="card section form new-version" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-version-title">
      <h2 id="new-version-title">New version</h2>
      <p className="muted">The server assigns the next number{view.versions[0] !== undefined ? ` (after v${view.versions[0].number})` : ''}; numbers of deleted versions are not reused.</p>
      <fieldset disabled={created !== undefined} className="plain-fieldset">
        <VersionFields draft={draft} onChange={setDraft} errors={errors} />
      </fieldset>
      <fieldset className="field rows-field">
        <legend className="field-label">Formats</legend>
        <p className="field-hint">Pick a file for each format this version holds (up to {limits.maxFormats}, each at most {formatBytes(limits.maxUploadBytes)}).</p>
        <div className="format-pickers">
          {KNOWN_FORMATS.map((known) => {
            const upload = uploads[known.id];
            const file = files[known.id];
            return (
              <div className="format-picker" key={known.id}>
                <label className="format-picker-label" htmlFor={`pick-${known.id}`}>
                  <span className="format-id">{known.id}</span> <span className="muted small">{known.label}</span>
                </label>
                <input
                  id={`pick-${known.id}`}
                  type="file"
                  accept={known.accept}
                  disabled={busy || upload?.done === true}
                  data-testid={`pick-${known.id}`}
                  onChange={(event) => {
                    const picked = event.target.files?.[0];
                    setFiles((previous) => ({ ...previous, [known.id]: picked }));
                    setUploads((previous) => ({ ...previous, [known.id]: undefined }));
                  }}
                />
                {file !== undefined && upload === undefined && fileProblems[`file.${known.id}`] === undefined && (
                  <span className="muted small">{formatBytes(file.size)}</span>
                )}
                {fileProblems[`file.${known.id}`] !== undefined && (
                  <p className="field-error" role="alert">
                    {fileProblems[`file.${known.id}`]}
                  </p>
                )}
                {upload !== undefined && upload.error === undefined && (
                  <ProgressBar loaded={upload.loaded} total={upload.total} label={`Uploading ${known.id}`} />
                )}
                {upload?.error !== undefined && <p className="field-error">{upload.error}</p>}
              </div>
            );
          })}
        </div>
      </fieldset>
      {unclaimedErrors(errors, [...VERSION_FIELDS, 'file']).map((message) => (
        <p key={message} className="form-error" role="alert">
          {message}
        </p>
      ))}
      {created !== undefined && !busy && (
        <p className="form-error" role="alert">
          Version {created} was created, but some files did not upload. Fix or re-pick them and submit again, or{' '}
          <a href={versionPath(view.base, created)} onClick={(event) => { event.preventDefault(); void navigate(versionPath(view.base, created)); }}>
            open version {created}
          </a>
          .
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy || Object.keys(live).length > 0}>
          {busy ? (created === undefined ? 'Creating…' : 'Uploading…') : created === undefined ? 'Submit' : 'Retry uploads'}
        </button>
      </div>
    </form>
  );
}
