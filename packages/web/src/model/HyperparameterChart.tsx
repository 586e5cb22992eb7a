import type { NumericSeries } from './compare-data';

const WIDTH = 320;
const HEIGHT = 160;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/**
 * One numeric hyperparameter plotted across version numbers, as a small hand-drawn SVG (a chart library would
 * cost more than the whole dashboard for this). The x axis runs over every number from the first to the last
 * version, so deleted or value-less versions leave a visible gap: the line breaks there instead of pretending the
 * neighbours are adjacent. Values spanning two or more orders of magnitude (all positive) use a log scale.
 */
export function HyperparameterChart({ series, firstNumber, lastNumber }: { series: NumericSeries; firstNumber: number; lastNumber: number }) {
  const values = series.points.map((point) => point.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const log = min > 0 && max / min >= 100;
  const scaled = (value: number) => (log ? Math.log10(value) : value);
  const [low, high] = padRange(scaled(min), scaled(max));
  const x = (n: number) => PAD.left + (lastNumber === firstNumber ? 0.5 : (n - firstNumber) / (lastNumber - firstNumber)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (scaled(value) - low) / (high - low)) * (HEIGHT - PAD.top - PAD.bottom);

  // A segment joins two points only when their version numbers are adjacent.
  const segments: string[] = [];
  series.points.forEach((point, index) => {
    const previous = series.points[index - 1];
    if (previous !== undefined && point.version === previous.version + 1) {
      segments.push(`M${x(previous.version).toFixed(1)},${y(previous.value).toFixed(1)}L${x(point.version).toFixed(1)},${y(point.value).toFixed(1)}`);
    }
  });
  const numbers = Array.from({ length: lastNumber - firstNumber + 1 }, (_, i) => firstNumber + i);
  const present = new Set(series.points.map((point) => point.version));
  const ticks = (log ? [min, Math.sqrt(min * max), max] : [min, (min + max) / 2, max]).filter((value, index, all) => all.indexOf(value) === index);

  return (
    <figure className="hp-chart" data-hyperparameter={series.name}>
      <figcaption>
        <code>{series.name}</code>
        {log && <span className="muted small"> · log scale</span>}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${series.name} by version: ${series.points.map((point) => `v${point.version} ${formatValue(point.value)}`).join(', ')}`}
      >
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} />
        {ticks.map((value) => (
          <g key={value}>
            <line className="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(value)} y2={y(value)} />
            <text className="tick" x={PAD.left - 6} y={y(value)} textAnchor="end" dominantBaseline="middle">
              {formatValue(value)}
            </text>
          </g>
        ))}
        {numbers.map((n) => (
          <text key={n} className={`tick${present.has(n) ? '' : ' gap'}`} x={x(n)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle">
            v{n}
          </text>
        ))}
        <path className="series" d={segments.join('')} />
        {series.points.map((point) => (
          <circle key={point.version} className="point" cx={x(point.version)} cy={y(point.value)} r={4} data-version={point.version} data-value={point.value}>
            <title>{`v${point.version}: ${series.name} = ${formatValue(point.value)}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}

/** A range with a little room above and below (and some height when every value is the same). */
function padRange(low: number, high: number): [number, number] {
  if (low === high) return [low - 1, high + 1];
  const room = (high - low) * 0.1;
  return [low - room, high + room];
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}
