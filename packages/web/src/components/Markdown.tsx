import { lazy, Suspense } from 'react';

// The renderer (react-markdown + remark-gfm) is its own chunk: the first screen does not pay for it.
const MarkdownRenderer = lazy(() => import('./MarkdownRenderer'));

/** Renders markdown safely; while the renderer loads, the plain text stands in. */
export function Markdown({ source, empty = 'No description.' }: { source: string; empty?: string }) {
  if (source.trim() === '') return <p className="muted">{empty}</p>;
  return (
    <div className="markdown">
      <Suspense fallback={<p className="plain-text">{source}</p>}>
        <MarkdownRenderer source={source} />
      </Suspense>
    </div>
  );
}
