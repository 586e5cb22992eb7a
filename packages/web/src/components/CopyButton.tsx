import { Check, Copy } from 'lucide-react';
import { useState } from 'react';

/** Copies `text`; confirms with a check mark for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard permission (an insecure origin): select-and-copy by hand still works on the visible text.
      return;
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button type="button" className="btn ghost icon-only small" onClick={() => void copy()} aria-label={label} title={copied ? 'Copied' : label}>
      {copied ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />}
    </button>
  );
}
