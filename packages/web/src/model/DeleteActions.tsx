import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { useContextAccess } from '../auth/context-access';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Menu } from '../components/Menu';
import { useToast } from '../components/Toasts';
import type { ModelView } from './model-context';

type Pending = 'model' | 'version' | undefined;

/**
 * The Delete action: with one version (or none) it deletes the model; with several it offers
 * "Delete version N" (the selected one) or "Delete model". Both are irreversible and say so.
 */
export function DeleteActions({ view }: { view: ModelView }) {
  const { can } = useContextAccess();
  const navigate = useNavigate();
  const notify = useToast();
  const [pending, setPending] = useState<Pending>();
  if (!can('model:delete')) return null;

  const { model, selected } = view;
  const several = view.versions.length > 1;

  async function deleteModel() {
    await api.models.delete(view.ctx, model.id);
    notify(`Model “${model.name}” deleted`);
    void navigate(`/c/${encodeURIComponent(view.ctx)}/models`, { replace: true });
  }

  async function deleteVersion() {
    if (selected === undefined) return;
    await api.versions.delete(view.ctx, model.id, selected.number);
    setPending(undefined);
    notify(`Version ${selected.number} deleted`);
    await view.refresh();
    void navigate(view.base, { replace: true });
  }

  return (
    <>
      {several && selected !== undefined ? (
        <Menu
          testId="delete-menu"
          variant="danger"
          icon={<Trash2 size={16} aria-hidden="true" />}
          label="Delete"
          items={[
            { key: 'version', danger: true, label: `Delete version ${selected.number}`, onSelect: () => setPending('version') },
            { key: 'model', danger: true, label: 'Delete model', onSelect: () => setPending('model') },
          ]}
        />
      ) : (
        <button type="button" className="btn danger-outline" onClick={() => setPending('model')} data-testid="delete-model">
          <Trash2 size={16} aria-hidden="true" /> Delete
        </button>
      )}
      {pending === 'model' && (
        <ConfirmDialog
          title={`Delete model “${model.name}”?`}
          confirmLabel="Delete model"
          busyLabel="Deleting…"
          typeToConfirm={model.name}
          onConfirm={deleteModel}
          onClose={() => setPending(undefined)}
        >
          <p>
            This deletes the model, its {view.versions.length === 1 ? 'version' : `${view.versions.length} versions`} and every uploaded file.
          </p>
          <p className="warning">
            <strong>Model deletion is irreversible.</strong>
          </p>
        </ConfirmDialog>
      )}
      {pending === 'version' && selected !== undefined && (
        <ConfirmDialog
          title={`Delete version ${selected.number}?`}
          confirmLabel={`Delete version ${selected.number}`}
          busyLabel="Deleting…"
          onConfirm={deleteVersion}
          onClose={() => setPending(undefined)}
        >
          <p>
            Version {selected.number} and its formats are deleted; the model and its other versions stay. Later versions keep their numbers, so
            the sequence will show a gap.
          </p>
          <p className="warning">
            <strong>Model version deletion is irreversible.</strong>
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
