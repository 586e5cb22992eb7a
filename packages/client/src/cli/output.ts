/** Everything a command prints goes through here: JSON for scripts (`--json`), tables for people. */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Progress and notices go to stderr, so stdout stays clean for pipes. */
export function notice(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A plain left-aligned table; an empty list prints `empty` instead. */
export function printTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>, empty = '(none)'): void {
  if (rows.length === 0) {
    printLine(empty);
    return;
  }
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => visibleLength(row[column] ?? ''))));
  const pad = (cell: string, width: number): string => cell + ' '.repeat(Math.max(0, width - visibleLength(cell)));
  const format = (cells: ReadonlyArray<string>): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : pad(cell, widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  printLine(format(headers));
  for (const row of rows) printLine(format(row));
}

const ANSI = /\u001b\[\d+m/g;

/** The width a cell takes on screen: colour codes take none. */
function visibleLength(cell: string): number {
  return cell.replace(ANSI, '').length;
}

/** `key: value` lines, aligned. */
export function printFields(fields: ReadonlyArray<readonly [string, string]>): void {
  const width = Math.max(...fields.map(([key]) => key.length));
  for (const [key, value] of fields) printLine(`${`${key}:`.padEnd(width + 1)} ${value}`);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso === null || iso === undefined ? '-' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
