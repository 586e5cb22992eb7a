// Writes a horizontal bar chart as a standalone SVG (no dependencies), so benchmark figures can be looked at
// as well as read. Files go to bench/results/ (not committed).
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');
const escape = (text) => String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

/**
 * rows: [{ label, value, color? }], grouped visually in the order given.
 * Returns the path of the written file.
 */
export async function writeBarChart(name, title, unit, rows) {
  const width = 760;
  const labelWidth = 260;
  const barHeight = 22;
  const gap = 8;
  const top = 48;
  const max = Math.max(...rows.map((row) => row.value), 1);
  const height = top + rows.length * (barHeight + gap) + 24;
  const bars = rows
    .map((row, i) => {
      const y = top + i * (barHeight + gap);
      const length = Math.max(1, ((width - labelWidth - 110) * row.value) / max);
      const value = row.value.toLocaleString('en-US', { maximumFractionDigits: row.value < 10 ? 2 : 0 });
      return [
        `<text x="${labelWidth - 10}" y="${y + 16}" text-anchor="end">${escape(row.label)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" rx="3" fill="${row.color ?? '#4f6bed'}"/>`,
        `<text x="${labelWidth + length + 6}" y="${y + 16}">${escape(value)} ${escape(unit)}</text>`,
      ].join('');
    })
    .join('\n');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="28" font-size="16" font-weight="600">${escape(title)}</text>
${bars}
</svg>
`;
  await fs.mkdir(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.svg`);
  await fs.writeFile(file, svg);
  return file;
}

export const MODELRY = '#4f6bed';
export const REFERENCE = '#9aa3b2';
