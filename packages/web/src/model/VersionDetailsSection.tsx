import type { Version } from '@modelry/client';
import { Lock, Pencil, Send } from 'lucide-react';
import { useState } from 'react';
import { api } from '../api/client';
import { useContextAccess } from '../auth/context-access';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Markdown } from '../components/Markdown';
import { TagList } from '../components/TagList';
import { useToast } from '../components/Toasts';
import { formatDate } from '../lib/format';
import { EditVersionDialog } from './EditVersionDialog';
import { SignatureTable } from './Inspection';
import type { ModelView } from './model-context';
import { showValue } from './version-draft';

export function publishedReason(version: Version): string | undefined {
  return version.published ? `Version ${version.number} is published; published versions cannot change. Create a new version instead.` : undefined;
}

/** What the selected version is: metadata, editable until it is published; and the one-way Publish. */
export function VersionDetailsSection({ view, version }: { view: ModelView; version: Version }) {
  const { can } = useContextAccess();
  const notify = useToast();
  const [editing, setEditing] = useState(false);
  const [publishing, setPublishing] = useState(false);

  async function publish() {
    const published = await api.versions.publish(view.ctx, view.model.id, version.number);
    view.replaceVersion(published);
    setPublishing(false);
    notify(`Version ${version.number} published`);
  }

  return (
    <section className="card section" aria-labelledby="version-title">
      <header className="section-header">
        <h2 id="version-title">
          Version Details <span className="muted">· v{version.number}</span>
        </h2>
        <div className="section-actions">
          {version.published ? (
            <span className="badge published" title={`Published ${formatDate(version.publishedAt)} by ${version.publishedBy ?? ''}`}>
              <Lock size={12} aria-hidden="true" /> Published
            </span>
          ) : (
            can('model:publish') && (
              <Button variant="primary" icon={<Send size={14} aria-hidden="true" />} onClick={() => setPublishing(true)} className="small">
                Publish
              </Button>
            )
          )}
          {can('model:edit') && (
            <Button
              variant="ghost"
              icon={<Pencil size={16} aria-hidden="true" />}
              aria-label="Edit version"
              title="Edit version"
              disabledReason={publishedReason(version)}
              onClick={() => setEditing(true)}
            />
          )}
        </div>
      </header>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{version.name === '' ? <span className="muted">Untitled</span> : version.name}</dd>
        <dt>Created</dt>
        <dd>
          {formatDate(version.createdAt)} by {version.createdBy}
        </dd>
        <dt>Modified</dt>
        <dd>
          {formatDate(version.updatedAt)} by {version.updatedBy}
        </dd>
        {version.published && (
          <>
            <dt>Published</dt>
            <dd>
              {formatDate(version.publishedAt)} by {version.publishedBy}
            </dd>
          </>
        )}
        <dt>Tags</dt>
        <dd>
          <TagList tags={version.tags} />
        </dd>
      </dl>
      <h3 className="subheading">Description</h3>
      <Markdown source={version.description} />
      <h3 className="subheading">Hyperparameters</h3>
      <Hyperparameters values={version.hyperparameters} />
      <h3 className="subheading">Signature</h3>
      {version.signature === null ? (
        <p className="muted">No signature: none of this version's PMML or ONNX files declares its fields.</p>
      ) : (
        <SignatureTable signature={version.signature} caption={`Input and output fields of version ${version.number}`} />
      )}
      <h3 className="subheading">Config</h3>
      {version.config === null || version.config === undefined ? <p className="muted">No config.</p> : <pre className="code-block" tabIndex={0}>{JSON.stringify(version.config, null, 2)}</pre>}
      <h3 className="subheading">Records</h3>
      <Records version={version} />
      {editing && (
        <EditVersionDialog
          ctx={view.ctx}
          modelId={view.model.id}
          version={version}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            view.replaceVersion(saved);
            setEditing(false);
            notify(`Version ${saved.number} saved`);
          }}
        />
      )}
      {publishing && (
        <ConfirmDialog title={`Publish version ${version.number}?`} confirmLabel="Publish" busyLabel="Publishing…" tone="primary" onConfirm={publish} onClose={() => setPublishing(false)}>
          <p>Publishing freezes this version: its metadata and files can no longer be edited, replaced or added to.</p>
          <p className="warning">
            <strong>This cannot be undone.</strong>
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function Hyperparameters({ values }: { values: Version['hyperparameters'] }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <p className="muted">No hyperparameters.</p>;
  return (
    <div className="table-wrap">
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">
                <code>{key}</code>
              </th>
              <td>
                <code>{showValue(value)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Dataset references: http(s) ones are links (opened in a new tab); anything else (s3://, ids) is shown as text. */
function Records({ version }: { version: Version }) {
  if (version.records.length === 0) return <p className="muted">No records.</p>;
  return (
    <ul className="records">
      {version.records.map((record, index) => {
        const linkable = /^https?:\/\//i.test(record.uri);
        const label = record.name !== undefined && record.name !== '' ? record.name : record.uri;
        return (
          <li key={index}>
            {linkable ? (
              <a href={record.uri} target="_blank" rel="noopener noreferrer nofollow">
                {label}
              </a>
            ) : (
              <span>{label}</span>
            )}
            {label !== record.uri && <code className="muted small"> {record.uri}</code>}
            {record.sha256 !== undefined && <code className="muted small"> sha256 {record.sha256.slice(0, 12)}…</code>}
          </li>
        );
      })}
    </ul>
  );
}
