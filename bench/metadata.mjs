#!/usr/bin/env node
// Metadata benchmark at 100,000 models with 8 concurrent clients over loopback HTTP:
// create version, get model, list, search with `q` and with `tag`. Prints req/s and p50/p99 latency.
// Usage: node bench/metadata.mjs [models=100000] [secondsPerScenario=10]
// MODELRY_DATABASE_URL=postgres://… runs the same workload on PostgreSQL.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { CompiledQuery } from 'kysely';
import { writeBarChart } from './lib/chart.mjs';
import { REPO_ROOT, fmt, startServer } from './lib/server.mjs';

const MODELS = Number(process.argv[2] ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 10);
const CONNECTIONS = 8;
const dist = (file) => path.join(REPO_ROOT, 'packages/server/dist', file);
const { openDatabase } = await import(dist('db/database.js'));
const { Store } = await import(dist('db/repositories/index.js'));
const { searchTermsOf } = await import(dist('domain/search-terms.js'));

const WORDS = `churn fraud credit risk vision text sentiment forecast demand price ranking search retail supply chain
  anomaly sensor energy load weather traffic click ads recommend embedding speech audio image segment detect
  classify regress cluster survival insurance claims health patient readmission genomics protein molecule
  chemistry finance trading portfolio market basket inventory logistics route fleet maintenance failure quality
  defect yield manufacturing telecom network intrusion malware spam email support ticket intent dialog summary
  translate language topic legal contract invoice document table extract ocr handwriting satellite crop soil
  water flood fire wildfire seismic geology mining oil gas wind solar battery grid carbon emission`.split(/\s+/);
const TAGS = Array.from({ length: 50 }, (_, i) => `team-${String.fromCharCode(97 + (i % 26))}${i}`);
let state = 42;
const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(random() * list.length)];

/** Bulk-inserts the models with the same rows and index entries the API writes (through Kysely, in batches). */
async function seedModels(dataDir) {
  const database = openDatabase({ url: process.env.MODELRY_DATABASE_URL, sqlitePath: path.join(dataDir, 'modelry.db') });
  const store = new Store(database.db);
  const context = await store.read.contexts.findByRef('default');
  const started = Date.now();
  const ids = [];
  const inChunks = async (trx, table, rows, size) => {
    for (let k = 0; k < rows.length; k += size) await trx.insertInto(table).values(rows.slice(k, k + size)).execute();
  };
  for (let start = 0; start < MODELS; start += 2000) {
    const models = [];
    const tagRows = [];
    const termRows = [];
    for (let i = start; i < Math.min(MODELS, start + 2000); i++) {
      const name = `${pick(WORDS)}-${pick(WORDS)}-${i}`;
      const description = Array.from({ length: 12 }, () => pick(WORDS)).join(' ');
      const tags = [pick(TAGS), pick(TAGS), pick(TAGS)].filter((tag, k, all) => all.indexOf(tag) === k);
      const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      const id = randomUUID();
      models.push({
        id, context_id: context.id, name, name_key: name.toLowerCase(), description, tags: JSON.stringify(tags),
        created_at: at, created_by: 'bench', updated_at: at, updated_by: 'bench', next_version: 1, version_count: 0, latest_version: null,
      });
      for (const tag of tags) tagRows.push({ model_id: id, context_id: context.id, tag_key: tag });
      for (const term of searchTermsOf({ name, description, tags })) termRows.push({ model_id: id, context_id: context.id, term });
      ids.push(id);
    }
    await database.db.transaction().execute(async (trx) => {
      await inChunks(trx, 'models', models, 500);
      await inChunks(trx, 'model_tags', tagRows, 2000);
      await inChunks(trx, 'model_terms', termRows, 2000);
    });
  }
  // A bulk load leaves PostgreSQL without statistics or a visibility map until autovacuum catches up
  // (minutes later); settle them now, as an import into a live deployment should, so the plans are the real ones.
  if (database.dialect === 'postgres') await database.db.executeQuery(CompiledQuery.raw('vacuum analyze'));
  await database.close();
  console.log(`seeded ${MODELS.toLocaleString('en-US')} models in ${fmt((Date.now() - started) / 1000)} s`);
  return ids;
}

const figures = [];

async function scenario(server, title, requests) {
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    requests,
  });
  const errors = result.non2xx + result.errors;
  figures.push({ title, rps: result.requests.average, p99: result.latency.p99 });
  console.log(
    `${title.padEnd(34)} ${fmt(result.requests.average, 0).padStart(7)} req/s   p50 ${fmt(result.latency.p50, 1).padStart(6)} ms   p99 ${fmt(result.latency.p99, 1).padStart(6)} ms${errors > 0 ? `   (${errors} errors/non-2xx)` : ''}`,
  );
  return result;
}

const first = await startServer();
await first.stop({ keepData: true });
const ids = await seedModels(first.dataDir);
const server = await startServer({ dataDir: first.dataDir, token: first.token });
try {
  const base = '/api/v1/contexts/default/models';
  const at = (list) => pick(list);
  let created = 0;
  console.log(`\nmetadata benchmark: ${MODELS.toLocaleString('en-US')} models, ${CONNECTIONS} connections, ${SECONDS} s per scenario (${process.env.MODELRY_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`);
  await scenario(server, 'get model', [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${base}/${at(ids)}` }) }]);
  await scenario(server, 'list (50, by updatedAt)', [{ method: 'GET', path: `${base}?limit=50` }]);
  await scenario(server, 'list (50, by name)', [{ method: 'GET', path: `${base}?limit=50&sort=name` }]);
  await scenario(server, 'search q=<word> (~6% match)', [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${base}?limit=50&q=${at(WORDS)}` }) }]);
  await scenario(server, 'search q=<2 words>', [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${base}?limit=50&q=${at(WORDS)}+${at(WORDS)}` }) }]);
  await scenario(server, 'search q=<name prefix> (rare)', [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${base}?limit=50&q=${Math.floor(random() * MODELS)}` }) }]);
  await scenario(server, 'search tag=<tag> (~6% match)', [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${base}?limit=50&tag=${at(TAGS)}` }) }]);
  await scenario(server, 'create version', [
    // 30 versions fit a model: walk through the models so the cap is never the thing measured.
    { method: 'POST', body: '{"config":{"threshold":0.5}}', setupRequest: (req) => ({ ...req, path: `${base}/${ids[Math.floor(created++ / 25) % ids.length]}/versions` }) },
  ]);
  const backend = process.env.MODELRY_DATABASE_URL ? 'postgres' : 'sqlite';
  const rps = await writeBarChart(`metadata-${backend}-rps`, `Requests per second at ${MODELS.toLocaleString('en-US')} models (${backend})`, 'req/s',
    figures.map((f) => ({ label: f.title, value: f.rps })));
  const p99 = await writeBarChart(`metadata-${backend}-p99`, `p99 latency at ${MODELS.toLocaleString('en-US')} models (${backend}, lower is better)`, 'ms',
    figures.map((f) => ({ label: f.title, value: f.p99, color: '#d9822b' })));
  console.log(`charts: ${path.relative(REPO_ROOT, rps)}, ${path.relative(REPO_ROOT, p99)}`);
} finally {
  await server.stop();
  const { rm } = await import('node:fs/promises');
  await rm(first.dataDir, { recursive: true, force: true });
}
