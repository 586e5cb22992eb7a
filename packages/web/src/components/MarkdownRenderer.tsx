import { ImageOff } from 'lucide-react';
import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Links keep only http(s), mailto and same-site paths: react-markdown's default already drops `javascript:`,
 * this also drops `data:`, `vbscript:`, `file:` and anything else exotic.
 */
export function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  if (cleaned === '') return '';
  if (cleaned.startsWith('#') || (cleaned.startsWith('/') && !cleaned.startsWith('//'))) return cleaned;
  try {
    return SAFE_PROTOCOLS.has(new URL(cleaned).protocol) ? cleaned : '';
  } catch {
    return '';
  }
}

const components: Components = {
  a({ href, children }) {
    if (href === undefined || href === '') return <span>{children}</span>;
    const external = /^https?:|^mailto:/.test(href);
    return (
      <a href={href} {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>
        {children}
      </a>
    );
  },
  // Images are never fetched on their own: a description could otherwise track every reader (and the CSP
  // would block them anyway). The reader sees what it is and can open it deliberately.
  img({ src, alt }) {
    const url = typeof src === 'string' ? src : '';
    return (
      <span className="md-image">
        <ImageOff size={14} aria-hidden="true" />
        <span>Image{alt !== undefined && alt !== '' ? `: ${alt}` : ''} (not loaded)</span>
        {url !== '' && (
          <a href={url} target="_blank" rel="noopener noreferrer nofollow">
            open
          </a>
        )}
      </span>
    );
  },
};

/** Markdown to React elements. Raw HTML is never rendered (no rehype-raw): it shows as nothing. */
export default function MarkdownRenderer({ source }: { source: string }) {
  return (
    <ReactMarkdown remarkPlugins={[remarkGfm]} urlTransform={safeUrl} components={components} skipHtml>
      {source}
    </ReactMarkdown>
  );
}
