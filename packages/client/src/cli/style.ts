/**
 * Terminal highlighting for stdout: ANSI colours only when stdout is a terminal and NO_COLOR (https://no-color.org)
 * is unset or empty; FORCE_COLOR (any value but "0") turns them on when piped. Hand-written rather than a library:
 * four colours, and Node's util.styleText is missing from the oldest Node 20 we support.
 */
const CODES = { red: [31, 39], yellow: [33, 39], green: [32, 39], bold: [1, 22] } as const;

export type Style = keyof typeof CODES;

export function colorsEnabled(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return stream.isTTY === true;
}

export function paint(text: string, style: Style, enabled = colorsEnabled()): string {
  if (!enabled) return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}
