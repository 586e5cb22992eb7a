import type { ButtonHTMLAttributes, MouseEvent, ReactNode } from 'react';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: 'primary' | 'danger' | 'ghost' | 'default';
  /** Shown on hover and to screen readers; the button stays focusable (aria-disabled) so the reason can be read. */
  readonly disabledReason?: string | undefined;
  readonly icon?: ReactNode;
}

/** A button that can say why it is disabled. */
export function Button({ variant = 'default', disabledReason, icon, className, onClick, children, title, ...rest }: ButtonProps) {
  const blocked = disabledReason !== undefined;
  const classes = ['btn', variant === 'default' ? '' : variant, icon !== undefined && children === undefined ? 'icon-only' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  function handleClick(event: MouseEvent<HTMLButtonElement>) {
    if (blocked) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  }
  return (
    <button
      type="button"
      {...rest}
      className={classes}
      aria-disabled={blocked || undefined}
      title={blocked ? disabledReason : title}
      onClick={handleClick}
    >
      {icon}
      {children}
    </button>
  );
}
