export function Logo({ withName = true }: { withName?: boolean }) {
  return (
    <span className="logo">
      <svg viewBox="0 0 32 32" width="24" height="24" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--accent)" />
        <path d="M8 23V9l8 8 8-8v14" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {withName && <span className="logo-name">Modelry</span>}
    </span>
  );
}
