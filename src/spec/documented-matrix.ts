/**
 * The documented-compatibility matrix as data, from the profiles alone (no request is sent): one area per profile
 * section, one feature per row key (its id is the case id a run gives it), one column per provider, each cell the
 * status the provider's merged profile declares, with the row's source and a link to it. The data is what
 * `docs/matrix/documented-matrix.json` holds (schema: specs/schema/documented-matrix.schema.json); the pages are
 * rendered from it by src/report/matrix-documented-html.ts.
 */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { loadProfile, SPECS_DIR, type LoadedProfile } from './load.js';
import type { Profile } from './profile.types.js';

export const DOCUMENTED_MATRIX_SCHEMA = 'oai-compat.documented-matrix/v1';

export interface DocumentedProvider {
  id: string;
  title: string;
  extends: string | null;
  /** The profile file, relative to specs/ (e.g. `parallel.yaml`). */
  file: string;
}

export interface DocumentedFeature {
  /** The case id a run gives this row, e.g. `request.max_tokens`, `header.auth.bearer`. */
  id: string;
  /** The profile section and key, e.g. `request` and `max_tokens`. */
  section: string;
  key: string;
}

export interface DocumentedArea {
  id: string;
  title: string;
  features: DocumentedFeature[];
}

export interface DocumentedCell {
  feature: string;
  provider: string;
  /** The declared status in one word or a short phrase (`ignored`, `4xx`, `present`, `ttft p50 ≤ 3000 ms`). */
  status: string;
  /** Further declared details, e.g. `type integer`, `param n`, `models speed`. */
  detail: string | null;
  /** The profile that declared the row in force: the provider itself, or the one it inherits the row from. */
  declaredBy: string;
  source: string;
  /** The document's published URL with a text fragment for the table, or null when the document has none. */
  sourceUrl: string | null;
  /** The copy under specs/sources/ with the table's heading anchor, e.g. `sources/wire-format.md#31-wire-framing`. */
  sourceCopy: string;
  note: string | null;
}

export interface DocumentedMatrix {
  schema: typeof DOCUMENTED_MATRIX_SCHEMA;
  title: string;
  providers: DocumentedProvider[];
  areas: DocumentedArea[];
  /** One per (feature, provider) the provider's profile declares; a missing cell: not declared. */
  cells: DocumentedCell[];
}

/** Profile sections in display order, with the case-id prefix and the page title. */
const AREAS: { section: keyof Profile; id: string; prefix: string; title: string }[] = [
  { section: 'request', id: 'request', prefix: 'request.', title: 'Request fields' },
  { section: 'messages', id: 'message', prefix: 'message.', title: 'Message fields' },
  { section: 'response', id: 'response', prefix: 'response.', title: 'Response fields' },
  { section: 'stream', id: 'stream', prefix: 'stream.', title: 'Streaming' },
  { section: 'errors', id: 'error', prefix: 'error.', title: 'Errors' },
  { section: 'headers', id: 'header', prefix: 'header.', title: 'Headers' },
  { section: 'auth', id: 'auth', prefix: 'header.auth.', title: 'Authentication' },
  { section: 'endpoints', id: 'endpoint', prefix: 'endpoint.', title: 'Endpoints' },
  { section: 'extensions', id: 'extension', prefix: 'extension.', title: 'Extensions' },
  { section: 'performance', id: 'performance', prefix: 'performance.', title: 'Performance claims' },
];

/** The built-in profiles, by id, in file-name order. */
export function builtinProfileIds(): string[] {
  return readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => basename(f, '.yaml'));
}

type AnyRow = Record<string, unknown> & { status?: unknown; source?: string; note?: string };

/** The status word of a row and the details beside it, per section. */
function describeRow(section: string, row: AnyRow): { status: string; detail: string[] } {
  const detail: string[] = [];
  const models = (row.models as string[] | undefined) ?? [];
  switch (section) {
    case 'response': {
      if (row.type !== undefined) detail.push(`type ${[row.type].flat().join('|')}`);
      if (row.const !== undefined) detail.push(`= ${JSON.stringify(row.const)}`);
      if (Array.isArray(row.enum)) detail.push(`one of ${row.enum.map((v) => JSON.stringify(v)).join(', ')}`);
      if (row.length !== undefined) detail.push(`length ${row.length}`);
      if (row.format) detail.push(`format ${row.format}`);
      break;
    }
    case 'errors': {
      for (const k of ['param', 'code', 'type', 'envelope'] as const) if (k in row) detail.push(`${k} ${JSON.stringify(row[k])}`);
      return { status: String(row.status), detail };
    }
    case 'headers':
      if (row.direction === 'request') detail.push('request header');
      if (row.format) detail.push(`format ${row.format}`);
      if (Array.isArray(row.on)) detail.push(`on ${row.on.join(', ')}`);
      break;
    case 'endpoints':
      if (row.method || row.path) detail.push([row.method, row.path].filter(Boolean).join(' '));
      break;
    case 'extensions':
      detail.push(`in ${row.in}`);
      return { status: String(row.status ?? 'present'), detail: models.length ? [...detail, `models ${models.join(', ')}`] : detail };
    case 'performance':
      return {
        status: `${row.metric} p${row.percentile} ≤ ${row.maxMs} ms`,
        detail: [row.model ? `model ${row.model}` : '', row.stream ? 'streamed' : ''].filter(Boolean),
      };
    default: {
      const error = row.error as { status?: unknown; param?: unknown } | undefined;
      if (error?.status !== undefined) detail.push(`error ${error.status}${error.param ? ` (param ${error.param})` : ''}`);
      if (row.fallback) detail.push(`fallback ${row.fallback}`);
      if (row.claim) detail.push(`claim ${row.claim}`);
    }
  }
  if (models.length) detail.push(`models ${models.join(', ')}`);
  return { status: String(row.status), detail };
}

/** A text fragment (`#:~:text=`) for a published page: the table title, then the row, so a browser scrolls to it. */
function textFragment(url: string, title: string, label: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
  const directive = `:~:text=${enc(title)}&text=${enc(label)}`;
  return url.includes('#') ? `${url}${directive}` : `${url}#${directive}`;
}

/** GitHub's heading anchor for a markdown heading (lower case, punctuation dropped, spaces to dashes). */
export function headingAnchor(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export interface BuildOptions {
  title?: string;
  /** Profile refs (ids or paths); default: every built-in profile. */
  profiles?: string[];
}

export function buildDocumentedMatrix(options: BuildOptions = {}): DocumentedMatrix {
  // The reference first: every other column reads as a deviation from it.
  const refs = options.profiles ?? builtinProfileIds().sort((a, b) => Number(b === 'openai') - Number(a === 'openai'));
  const loaded: LoadedProfile[] = refs.map((r) => loadProfile(r));
  const providers: DocumentedProvider[] = loaded.map((l) => ({
    id: l.profile.profile,
    title: l.profile.title,
    extends: l.profile.extends ?? null,
    file: basename(l.files[0]!),
  }));
  // A provider's document is declared in the profile that wrote the row (or an ancestor): look it up the chain.
  const documentOf = (l: LoadedProfile, file: string) => l.profile.documents?.[file];

  const areas: DocumentedArea[] = [];
  const cells: DocumentedCell[] = [];
  for (const a of AREAS) {
    const keys: string[] = [];
    const seen = new Set<string>();
    // The reference's order first (when it is among the providers), then each provider's own additions in order.
    const ordered = [...loaded].sort((x, y) => Number(y.profile.profile === 'openai') - Number(x.profile.profile === 'openai'));
    for (const l of ordered) {
      for (const k of Object.keys((l.profile[a.section] as Record<string, unknown> | undefined) ?? {})) {
        if (!seen.has(k)) {
          seen.add(k);
          keys.push(k);
        }
      }
    }
    if (!keys.length) continue;
    areas.push({ id: a.id, title: a.title, features: keys.map((key) => ({ id: `${a.prefix}${key}`, section: a.section, key })) });
    for (const key of keys) {
      for (const l of loaded) {
        const row = (l.profile[a.section] as Record<string, AnyRow> | undefined)?.[key];
        if (!row) continue;
        const source = row.source ?? '';
        const hash = source.indexOf('#');
        const file = source.slice(0, hash);
        const table = source.slice(hash + 1);
        const url = documentOf(l, file)?.url;
        const { status, detail } = describeRow(a.section, row);
        const declaredBy = l.declaredBy[`${a.section}.${key}`] ?? l.profile.profile;
        cells.push({
          feature: `${a.prefix}${key}`,
          provider: l.profile.profile,
          status,
          detail: detail.length ? detail.join('; ') : null,
          declaredBy,
          source,
          sourceUrl: url ? textFragment(url, table, (row.covers as string[] | undefined)?.[0] ?? key) : null,
          sourceCopy: `sources/${file}${/\.md$/i.test(file) ? `#${headingAnchor(table)}` : ''}`,
          // A note stays on the cell of the profile that wrote it; the inheriting cells point there by declaredBy.
          note: declaredBy === l.profile.profile ? (row.note ?? null) : null,
        });
      }
    }
  }
  return { schema: DOCUMENTED_MATRIX_SCHEMA, title: options.title ?? 'OpenAI compatibility as documented', providers, areas, cells };
}
