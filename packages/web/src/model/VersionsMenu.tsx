import { History } from 'lucide-react';
import { useNavigate } from 'react-router';
import { Menu, type MenuItem } from '../components/Menu';
import { versionPath, type ModelView } from './model-context';

/**
 * Every version number from the newest down to 1, so deleted ones show as gaps
 * (numbers are never reused; a missing one means a version once existed).
 */
export function versionMenuItems(view: ModelView, onSelect: (number: number) => void): MenuItem[] {
  const byNumber = new Map(view.versions.map((version) => [version.number, version]));
  const newest = view.versions[0]?.number ?? 0;
  const items: MenuItem[] = [];
  for (let number = newest; number >= 1; number -= 1) {
    const version = byNumber.get(number);
    if (version === undefined) {
      items.push({ key: `gap-${number}`, inert: true, label: <span className="version-item gap">v{number} — deleted</span> });
      continue;
    }
    items.push({
      key: String(number),
      current: view.selected?.number === number,
      onSelect: () => onSelect(number),
      label: (
        <span className="version-item">
          <span className="version-number">v{number}</span>
          <span className="version-name">{version.name || 'Untitled'}</span>
          {version.published && <span className="badge published small">Published</span>}
        </span>
      ),
    });
  }
  return items;
}

export function VersionsMenu({ view }: { view: ModelView }) {
  const navigate = useNavigate();
  if (view.versions.length === 0) {
    return (
      <button type="button" className="btn" aria-disabled="true" title="This model has no versions yet">
        <History size={16} aria-hidden="true" /> Versions
      </button>
    );
  }
  return (
    <Menu
      testId="versions-menu"
      icon={<History size={16} aria-hidden="true" />}
      label={view.selected === undefined ? 'Versions' : `Version ${view.selected.number}`}
      items={versionMenuItems(view, (number) => void navigate(versionPath(view.base, number)))}
    />
  );
}
