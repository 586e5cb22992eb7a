import { ModelryError, type Model, type ModelryClient, type Version } from '../index.node.js';
import { UsageError } from './errors.js';

/** Which version a reference means: a number, the highest live one, or the highest published one. */
export type VersionSelector = { readonly kind: 'number'; readonly n: number } | { readonly kind: 'latest' } | { readonly kind: 'latest-published' };

export interface ModelRef {
  readonly model: string;
  readonly version: VersionSelector | undefined;
}

const SUFFIX = /^(?:\d+|latest|latest-published)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses `MODEL`, `MODEL@N`, `MODEL@latest`, `MODEL@latest-published`. Names may contain `@`: only a valid suffix splits. */
export function parseModelRef(text: string): ModelRef {
  const at = text.lastIndexOf('@');
  const suffix = at > 0 ? text.slice(at + 1) : '';
  if (at <= 0 || !SUFFIX.test(suffix)) return { model: text, version: undefined };
  const model = text.slice(0, at);
  if (suffix === 'latest' || suffix === 'latest-published') return { model, version: { kind: suffix } };
  const n = Number(suffix);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`"${suffix}" is not a version number (1, 2, ...)`);
  return { model, version: { kind: 'number', n } };
}

/** A reference that must name one version by number (for `versions show|publish|rm`, `formats ...`). */
export function parseVersionRef(text: string): ModelRef & { version: VersionSelector } {
  const ref = parseModelRef(text);
  if (ref.version === undefined) throw new UsageError(`"${text}" names no version: write MODEL@N (e.g. ${text}@1), @latest or @latest-published`);
  return { model: ref.model, version: ref.version };
}

/** A model by id, or by name (exact, ignoring case) through the search API. */
export async function resolveModel(client: ModelryClient, ctx: string, model: string): Promise<Model> {
  if (UUID.test(model)) {
    try {
      return await client.models.get(ctx, model);
    } catch (error) {
      if (!(error instanceof ModelryError) || error.status !== 404) throw error;
    }
  }
  const wanted = model.normalize('NFC').toLowerCase();
  for await (const candidate of client.models.iterate(ctx, { q: model, limit: 200 })) {
    if (candidate.name.normalize('NFC').toLowerCase() === wanted) return candidate;
  }
  throw new ModelryError({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no model named "${model}" in context "${ctx}"` });
}

/** The number a selector points to. */
export async function resolveVersionNumber(client: ModelryClient, ctx: string, model: Model, selector: VersionSelector): Promise<number> {
  if (selector.kind === 'number') return selector.n;
  if (selector.kind === 'latest') {
    if (model.latestVersion === null) throw notFound(`model ${model.name} has no versions`);
    return model.latestVersion;
  }
  const published = await latestPublished(client, ctx, model);
  if (published === undefined) {
    // Say what would work: drafts exist (take one explicitly with @latest), or there is no version at all.
    throw notFound(
      model.latestVersion === null
        ? `model ${model.name} has no versions`
        : `model ${model.name} has no published version; use @latest for the newest draft`,
    );
  }
  return published.number;
}

async function latestPublished(client: ModelryClient, ctx: string, model: Model): Promise<Version | undefined> {
  for await (const version of client.versions.iterate(ctx, model.id, { order: 'desc', limit: 200 })) {
    if (version.published) return version;
  }
  return undefined;
}

function notFound(detail: string): ModelryError {
  return new ModelryError({ type: 'about:blank', title: 'Not Found', status: 404, detail });
}

/** Resolves `MODEL@SELECTOR` to the model and the version number. */
export async function resolveVersionRef(client: ModelryClient, ctx: string, text: string): Promise<{ model: Model; n: number }> {
  const ref = parseVersionRef(text);
  const model = await resolveModel(client, ctx, ref.model);
  return { model, n: await resolveVersionNumber(client, ctx, model, ref.version) };
}
