import { Moon, Sun } from 'lucide-react';
import { useState } from 'react';
import { applyTheme, effectiveTheme, storedTheme } from '../lib/theme';

export function ThemeToggle() {
  const [theme, setTheme] = useState(() => effectiveTheme(storedTheme()));
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="btn ghost icon-only"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next);
        setTheme(next);
      }}
    >
      {theme === 'dark' ? <Sun size={18} aria-hidden="true" /> : <Moon size={18} aria-hidden="true" />}
    </button>
  );
}
