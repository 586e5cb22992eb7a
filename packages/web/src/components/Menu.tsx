import { ChevronDown } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  readonly key: string;
  readonly label: ReactNode;
  readonly onSelect?: () => void;
  readonly current?: boolean;
  readonly danger?: boolean;
  /** Shown but not selectable (a deleted version number, say). */
  readonly inert?: boolean;
}

interface MenuProps {
  readonly label: ReactNode;
  readonly items: readonly MenuItem[];
  readonly icon?: ReactNode;
  readonly variant?: 'danger' | 'default';
  readonly align?: 'start' | 'end';
  readonly testId?: string;
}

/** A menu button (WAI-ARIA pattern): arrows move, Enter selects, Escape or a click outside closes. */
export function Menu({ label, items, icon, variant = 'default', align = 'end', testId }: MenuProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const selectable = items.filter((item) => item.inert !== true);

  useEffect(() => {
    if (!open) return;
    const first = listRef.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled])');
    (listRef.current?.querySelector<HTMLElement>('[aria-current="true"]') ?? first)?.focus();
    const outside = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const entries = [...(listRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled])') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => entries[(to + entries.length) % entries.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(entries.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') setOpen(false);
    else return;
    event.preventDefault();
  }

  return (
    <div className="menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={`btn${variant === 'danger' ? ' danger-outline' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-testid={testId}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {icon}
        {label}
        <ChevronDown size={14} aria-hidden="true" />
      </button>
      {open && selectable.length + items.length > 0 && (
        <ul id={menuId} ref={listRef} role="menu" className={`menu-list ${align}`} onKeyDown={onKeyDown}>
          {items.map((item) => (
            <li
              key={item.key}
              role="menuitem"
              tabIndex={item.inert === true ? undefined : -1}
              aria-disabled={item.inert === true || undefined}
              aria-current={item.current === true || undefined}
              className={`menu-item${item.danger === true ? ' danger' : ''}${item.inert === true ? ' inert' : ''}`}
              onClick={() => {
                if (item.inert === true) return;
                close(false);
                item.onSelect?.();
              }}
              onKeyDown={(event) => {
                if ((event.key === 'Enter' || event.key === ' ') && item.inert !== true) {
                  event.preventDefault();
                  close(false);
                  item.onSelect?.();
                }
              }}
            >
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
