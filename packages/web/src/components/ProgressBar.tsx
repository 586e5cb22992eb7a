/** Upload progress; `total` unknown means an indeterminate bar. */
export function ProgressBar({ loaded, total, label }: { loaded: number; total: number | undefined; label: string }) {
  const percent = total === undefined || total === 0 ? undefined : Math.min(100, Math.round((loaded / total) * 100));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-track">
        <div className="progress-fill" style={{ width: `${percent ?? 100}%` }} data-indeterminate={percent === undefined || undefined} />
      </div>
      <span className="progress-text">{percent === undefined ? 'Uploading…' : `${percent}%`}</span>
    </div>
  );
}
