import { Pencil } from 'lucide-react';
import { useState } from 'react';
import { useContextAccess } from '../auth/context-access';
import { CopyButton } from '../components/CopyButton';
import { Markdown } from '../components/Markdown';
import { TagList } from '../components/TagList';
import { useToast } from '../components/Toasts';
import { formatDate } from '../lib/format';
import { EditModelDialog } from './EditModelDialog';
import type { ModelView } from './model-context';

/** The numbers of live versions, oldest first ("1, 3, 4"); the gaps are the deleted ones. */
function versionNumbers(view: ModelView): string {
  if (view.versions.length === 0) return 'none yet';
  return [...view.versions]
    .map((version) => version.number)
    .sort((a, b) => a - b)
    .join(', ');
}

export function GeneralSection({ view }: { view: ModelView }) {
  const { can } = useContextAccess();
  const notify = useToast();
  const [editing, setEditing] = useState(false);
  const { model } = view;
  return (
    <section className="card section" aria-labelledby="general-title">
      <header className="section-header">
        <h2 id="general-title">General</h2>
        {can('model:edit') && (
          <button type="button" className="btn ghost icon-only" aria-label="Edit name, description and tags" title="Edit name, description and tags" onClick={() => setEditing(true)}>
            <Pencil size={16} aria-hidden="true" />
          </button>
        )}
      </header>
      <dl className="facts">
        <dt>ID</dt>
        <dd className="with-copy">
          <code data-testid="model-id">{model.id}</code>
          <CopyButton text={model.id} label="Copy model ID" />
        </dd>
        <dt>Name</dt>
        <dd>{model.name}</dd>
        <dt>Versions</dt>
        <dd data-testid="version-numbers">{versionNumbers(view)}</dd>
        <dt>Created</dt>
        <dd>
          {formatDate(model.createdAt)} by {model.createdBy}
        </dd>
        <dt>Modified</dt>
        <dd>
          {formatDate(model.updatedAt)} by {model.updatedBy}
        </dd>
        <dt>Tags</dt>
        <dd>
          <TagList tags={model.tags} />
        </dd>
      </dl>
      <h3 className="subheading">Description</h3>
      <Markdown source={model.description} />
      {editing && (
        <EditModelDialog
          ctx={view.ctx}
          model={model}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            view.replaceModel(saved);
            setEditing(false);
            notify('Model saved');
          }}
        />
      )}
    </section>
  );
}
