import type { Model } from '@modelry/client';
import { Link } from 'react-router';
import { formatDate, formatRelative, plainExcerpt } from '../lib/format';

interface ModelRowProps {
  readonly model: Model;
  readonly href: string;
  readonly activeTag: string;
  readonly onTag: (tag: string) => void;
}

/** One model in the list: the whole row opens it; its tags filter the list. */
export function ModelRow({ model, href, activeTag, onTag }: ModelRowProps) {
  const excerpt = plainExcerpt(model.description);
  return (
    <li className="model-row">
      <div className="model-row-main">
        <Link to={href} className="model-row-link">
          {model.name}
        </Link>
        {excerpt !== '' && <p className="model-row-excerpt">{excerpt}</p>}
        {model.tags.length > 0 && (
          <ul className="tag-list" aria-label="Tags">
            {model.tags.map((tag) => (
              <li key={tag}>
                <button
                  type="button"
                  className={`chip${tag.toLowerCase() === activeTag.toLowerCase() ? ' active' : ''}`}
                  onClick={() => onTag(tag)}
                  title={`Show models tagged “${tag}”`}
                >
                  {tag}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="model-row-meta">
        <span>{model.latestVersion === null ? 'no versions' : `v${model.latestVersion}`}</span>
        <span className="muted">
          {model.versionCount} {model.versionCount === 1 ? 'version' : 'versions'}
        </span>
        <time dateTime={model.updatedAt} title={`Updated ${formatDate(model.updatedAt)} by ${model.updatedBy}`} className="muted">
          {formatRelative(model.updatedAt)}
        </time>
      </div>
    </li>
  );
}
