import type { Version } from '@modelry/client';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../components/States';
import { formatBytes, formatDate } from '../lib/format';
import { hyperparameterNames, numericSeries } from './compare-data';
import { HyperparameterChart } from './HyperparameterChart';
import { useModelView, versionPath } from './model-context';
import { showValue } from './version-draft';

/**
 * The live versions side by side (a column per version, oldest first), then a chart per numeric hyperparameter
 * that several versions share. Loaded on demand (routes.tsx), so it costs nothing on first load.
 */
export function CompareTab() {
  const view = useModelView();
  const versions = [...view.versions].sort((a, b) => a.number - b.number);
  if (versions.length === 0) return <EmptyState title="Nothing to compare yet">Create a version first.</EmptyState>;
  const names = hyperparameterNames(versions);
  const series = numericSeries(versions);
  const first = versions[0]?.number ?? 1;
  const last = versions[versions.length - 1]?.number ?? first;

  return (
    <div className="compare-tab">
      <section className="card section" aria-labelledby="compare-title">
        <header className="section-header">
          <h2 id="compare-title">Compare versions</h2>
          <span className="muted small">
            {versions.length} live {versions.length === 1 ? 'version' : 'versions'}
          </span>
        </header>
        <div className="table-wrap compare-wrap" tabIndex={0} role="region" aria-label="Versions side by side">
          <table className="table compact compare-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Field</span>
                </th>
                {versions.map((version) => (
                  <th scope="col" key={version.number} data-version={version.number}>
                    <Link to={versionPath(view.base, version.number)}>v{version.number}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <Row label="Name" versions={versions} cell={(v) => (v.name === '' ? <span className="muted">Untitled</span> : v.name)} />
              <Row
                label="Published"
                versions={versions}
                cell={(v) => (v.published ? <span className="badge published small">{formatDate(v.publishedAt)}</span> : <span className="muted">Draft</span>)}
              />
              <Row label="Created" versions={versions} cell={(v) => `${formatDate(v.createdAt)} by ${v.createdBy}`} />
              <Row label="Formats" versions={versions} cell={(v) => (v.formats.length === 0 ? <span className="muted">none</span> : v.formats.map((f) => f.format).join(', '))} />
              <Row label="Sizes" versions={versions} cell={(v) => <Sizes version={v} />} />
              {names.map((name) => (
                <Row
                  key={name}
                  label={<code>{name}</code>}
                  hyperparameter={name}
                  versions={versions}
                  cell={(v) => (v.hyperparameters !== undefined && name in v.hyperparameters ? <code>{showValue(v.hyperparameters[name])}</code> : <span className="muted">—</span>)}
                />
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card section" aria-labelledby="charts-title">
        <header className="section-header">
          <h2 id="charts-title">Hyperparameters by version</h2>
        </header>
        {series.length === 0 ? (
          <p className="muted">No numeric hyperparameter is shared by two or more versions.</p>
        ) : (
          <div className="hp-charts">
            {series.map((s) => (
              <HyperparameterChart key={s.name} series={s} firstNumber={first} lastNumber={last} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

function Row({
  label,
  versions,
  cell,
  hyperparameter,
}: {
  label: ReactNode;
  versions: readonly Version[];
  cell: (version: Version) => ReactNode;
  hyperparameter?: string;
}) {
  return (
    <tr data-hyperparameter={hyperparameter}>
      <th scope="row">{label}</th>
      {versions.map((version) => (
        <td key={version.number} data-version={version.number}>
          {cell(version)}
        </td>
      ))}
    </tr>
  );
}

function Sizes({ version }: { version: Version }) {
  const withFiles = version.formats.filter((format) => format.hasFile);
  if (withFiles.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="plain-list">
      {withFiles.map((format) => (
        <li key={format.format}>
          {format.format} {formatBytes(format.size)}
        </li>
      ))}
    </ul>
  );
}
