import type { Version } from '@modelry/client';
import { api } from '../api/client';
import { useContextAccess } from '../auth/context-access';
import { KNOWN_FORMATS } from '../lib/formats';
import { formatLimitReason, useLimits } from '../lib/limits';
import type { ModelView } from './model-context';
import { FormatRow } from './FormatRow';

/** A row per known format, whether the version has it or not, so adding one is one click. */
export function FormatsSection({ view, version }: { view: ModelView; version: Version }) {
  const { can } = useContextAccess();
  const limits = useLimits();
  const byId = new Map(version.formats.map((format) => [format.format, format]));
  const full = formatLimitReason(version.formats.length, limits, version.number);

  async function onChanged() {
    // The server computed size, sha256 and who/when: read the version (with its formats) again.
    view.replaceVersion(await api.versions.get(view.ctx, view.model.id, version.number));
  }

  return (
    <section className="card section" aria-labelledby="formats-title">
      <header className="section-header">
        <h2 id="formats-title">
          Version Formats <span className="muted">· v{version.number}</span>
        </h2>
        <span className="muted small">
          {version.formats.length} {version.formats.length === 1 ? 'format' : 'formats'} (up to {limits.maxFormats} per version)
        </span>
      </header>
      <div className="table-wrap">
        <table className="table formats-table">
          <thead>
            <tr>
              <th scope="col">Format</th>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">sha256</th>
              <th scope="col">Inspection</th>
              <th scope="col">Uploaded</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {KNOWN_FORMATS.map((known) => (
              <FormatRow
                key={known.id}
                ctx={view.ctx}
                modelId={view.model.id}
                version={version}
                known={known}
                format={byId.get(known.id)}
                canEdit={can('model:edit')}
                formatsFull={full}
                onChanged={onChanged}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
