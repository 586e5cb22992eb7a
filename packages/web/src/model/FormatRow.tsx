import type { Format, Version } from '@modelry/client';
import { Download, RefreshCw, Trash2, Upload } from 'lucide-react';
import { useRef, useState } from 'react';
import { api, fileUrl } from '../api/client';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyButton } from '../components/CopyButton';
import { ProgressBar } from '../components/ProgressBar';
import { useToast } from '../components/Toasts';
import { reportSessionEnded } from '../auth/session-events';
import { isStatus, messageOf } from '../lib/errors';
import { formatBytes, formatDate, shortHash } from '../lib/format';
import { fileTooLarge, useLimits } from '../lib/limits';
import type { KNOWN_FORMATS } from '../lib/formats';
import { InspectionCell } from './Inspection';
import { publishedReason } from './VersionDetailsSection';

interface FormatRowProps {
  readonly ctx: string;
  readonly modelId: string;
  readonly version: Version;
  readonly known: (typeof KNOWN_FORMATS)[number];
  readonly format: Format | undefined;
  readonly canEdit: boolean;
  /** Why a format cannot be added (the version holds the most formats allowed); undefined when it can. */
  readonly formatsFull: string | undefined;
  readonly onChanged: () => Promise<void>;
}

interface Progress {
  readonly loaded: number;
  readonly total: number | undefined;
}

/** One known format of a version: its file, and add/upload, replace, download and delete. */
export function FormatRow({ ctx, modelId, version, known, format, canEdit, formatsFull, onChanged }: FormatRowProps) {
  const limits = useLimits();
  const input = useRef<HTMLInputElement>(null);
  const notify = useToast();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();
  const [deleting, setDeleting] = useState(false);
  const locked = publishedReason(version);
  const hasFile = format?.hasFile === true;

  async function upload(file: File) {
    const tooLarge = fileTooLarge(file, limits);
    if (tooLarge !== undefined) {
      // Refused before a byte is sent: the server would answer 413 only after reading up to the limit.
      setError(tooLarge);
      if (input.current !== null) input.current.value = '';
      return;
    }
    setError(undefined);
    setProgress({ loaded: 0, total: file.size });
    try {
      await api.formats.upload(ctx, modelId, version.number, known.id, file, { fileName: file.name, onProgress: setProgress });
      await onChanged();
      notify(`${known.id} file uploaded to version ${version.number}`);
    } catch (caught) {
      // Uploads go through XMLHttpRequest (for progress), past the client's fetch that watches for 401.
      if (isStatus(caught, 401)) reportSessionEnded();
      setError(messageOf(caught));
    } finally {
      setProgress(undefined);
      if (input.current !== null) input.current.value = '';
    }
  }

  async function remove() {
    await api.formats.delete(ctx, modelId, version.number, known.id);
    setDeleting(false);
    await onChanged();
    notify(`${known.id} format deleted from version ${version.number}`);
  }

  return (
    <tr data-format={known.id} data-verdict={format?.inspection?.verdict} className={format === undefined ? 'absent' : format.inspection?.verdict === 'dangerous' ? 'dangerous' : ''}>
      <th scope="row" data-label="Format">
        <span className="format-id">{known.id}</span>
        <span className="muted small">{known.label}</span>
      </th>
      <td data-label="File">
        {progress !== undefined ? (
          <ProgressBar loaded={progress.loaded} total={progress.total} label={`Uploading ${known.id}`} />
        ) : format === undefined ? (
          <span className="muted">—</span>
        ) : hasFile ? (
          <span className="file-name">{format.fileName}</span>
        ) : (
          <span className="muted">declared, no file yet</span>
        )}
        {error !== undefined && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </td>
      <td data-label="Size">{hasFile ? formatBytes(format?.size) : '—'}</td>
      <td data-label="sha256">
        {hasFile && format?.sha256 != null ? (
          <span className="with-copy">
            <code title={format.sha256}>{shortHash(format.sha256)}</code>
            <CopyButton text={format.sha256} label={`Copy the sha256 of ${known.id}`} />
          </span>
        ) : (
          '—'
        )}
      </td>
      <td data-label="Inspection" className="inspection-cell">
        {hasFile && format !== undefined ? <InspectionCell inspection={format.inspection} formatId={known.id} /> : '—'}
      </td>
      <td data-label="Uploaded">{hasFile && format !== undefined ? `${formatDate(format.uploadedAt)} by ${format.uploadedBy ?? ''}` : '—'}</td>
      <td data-label="Actions" className="row-actions">
        {hasFile && (
          <a className="btn ghost icon-only" href={fileUrl(ctx, modelId, version.number, known.id)} download aria-label={`Download ${known.id}`} title={`Download ${known.id}`}>
            <Download size={16} aria-hidden="true" />
          </a>
        )}
        {canEdit && (
          <>
            <input ref={input} type="file" hidden accept={known.accept} aria-label={`Choose a ${known.id} file`} data-testid={`file-${known.id}`} onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) void upload(file);
            }} />
            <Button
              variant={hasFile ? 'ghost' : 'default'}
              className={hasFile ? '' : 'small'}
              icon={hasFile ? <RefreshCw size={16} aria-hidden="true" /> : <Upload size={14} aria-hidden="true" />}
              aria-label={hasFile ? `Replace the ${known.id} file` : `Add a ${known.id} file`}
              title={hasFile ? `Replace the ${known.id} file` : undefined}
              disabledReason={locked ?? (progress !== undefined ? 'An upload is in progress' : format === undefined ? formatsFull : undefined)}
              onClick={() => input.current?.click()}
            >
              {hasFile ? undefined : format === undefined ? 'Add' : 'Upload'}
            </Button>
            {format !== undefined && (
              <Button
                variant="ghost"
                icon={<Trash2 size={16} aria-hidden="true" />}
                aria-label={`Delete the ${known.id} format`}
                title={`Delete the ${known.id} format`}
                disabledReason={locked}
                onClick={() => setDeleting(true)}
              />
            )}
          </>
        )}
        {deleting && (
          <ConfirmDialog title={`Delete the ${known.id} format?`} confirmLabel="Delete format" busyLabel="Deleting…" onConfirm={remove} onClose={() => setDeleting(false)}>
            <p>
              The {known.id} format of version {version.number} and its file ({formatBytes(format?.size)}) are deleted. This cannot be undone.
            </p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}
