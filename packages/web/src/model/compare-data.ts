import type { Version } from '@modelry/client';

/** One numeric hyperparameter across versions: a point per version that has a finite number for it. */
export interface NumericSeries {
  readonly name: string;
  readonly points: ReadonlyArray<{ readonly version: number; readonly value: number }>;
}

/**
 * Numeric hyperparameters shared by at least `minVersions` versions, in first-seen order. Numbers stored as
 * JSON numbers count; strings that merely look numeric do not (the registry stores what it was given).
 */
export function numericSeries(versions: readonly Version[], minVersions = 2): NumericSeries[] {
  const byName = new Map<string, Array<{ version: number; value: number }>>();
  for (const version of [...versions].sort((a, b) => a.number - b.number)) {
    for (const [name, value] of Object.entries(version.hyperparameters ?? {})) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const points = byName.get(name) ?? [];
      points.push({ version: version.number, value });
      byName.set(name, points);
    }
  }
  return [...byName.entries()].filter(([, points]) => points.length >= minVersions).map(([name, points]) => ({ name, points }));
}

/** Every hyperparameter name any version has, in first-seen order (oldest version first). */
export function hyperparameterNames(versions: readonly Version[]): string[] {
  const names = new Set<string>();
  for (const version of [...versions].sort((a, b) => a.number - b.number)) for (const name of Object.keys(version.hyperparameters ?? {})) names.add(name);
  return [...names];
}
