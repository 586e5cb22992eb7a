import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { SETTINGS } from '../../src/config.js';
import { PROBLEM_TYPES } from '../../src/http/problem.js';
import { renderOpenApi } from '../../scripts/openapi-document.js';
import { REPO_ROOT } from '../helpers/paths.js';

/** Rows of the first markdown table whose first cell is a backticked name. */
function tableRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) rows.set(match[1], match[2].split('|').map((cell) => cell.trim()));
  }
  return rows;
}

test('docs/errors.md lists exactly the problem types the server answers with, with their statuses', async () => {
  const rows = tableRows(await fs.readFile(path.join(REPO_ROOT, 'docs/errors.md'), 'utf8'));
  assert.deepEqual([...rows.keys()].sort(), Object.keys(PROBLEM_TYPES).sort());
  for (const [type, { status }] of Object.entries(PROBLEM_TYPES)) assert.equal(rows.get(type)?.[0], String(status), type);
});

test('the README documents every MODELRY_* setting with its default', async () => {
  const rows = tableRows(await fs.readFile(path.join(REPO_ROOT, 'README.md'), 'utf8'));
  const documented = [...rows.keys()].filter((name) => name.startsWith('MODELRY_'));
  assert.deepEqual(documented.sort(), Object.keys(SETTINGS).sort());
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const shown = rows.get(name)?.[0] ?? '';
    const expected = setting.default === undefined ? '—' : `\`${setting.default}\``;
    assert.equal(shown.replace(/ \(.*\)$/, ''), expected, `${name} default`);
  }
});

test('the committed openapi.json is what the server generates (run `npm run openapi -w @modelry/server`)', async () => {
  const committed = await fs.readFile(path.join(REPO_ROOT, 'packages/server/openapi.json'), 'utf8');
  assert.equal(committed, await renderOpenApi());
});
