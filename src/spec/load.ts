/**
 * Loads a profile: YAML (with positions) → JSON Schema validation (ajv) → `extends` chain → one merged Profile.
 * Every refusal is a ProfileError that names file, line, column and the offending path, so a broken
 * profile is stopped before any request is sent.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve, basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, LineCounter, isMap, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { ErrorObject } from 'ajv';
import { compileSchema } from './ajv.js';
import type { Profile } from './profile.types.js';
import { lintProfile, type RowRef } from './lint.js';

/** specs/ of this package: src/spec/ and dist/spec/ are both two levels below the package root. */
export const SPECS_DIR = fileURLToPath(new URL('../../specs/', import.meta.url));
export const PROFILE_SCHEMA_FILE = resolve(SPECS_DIR, 'schema/profile.schema.json');

export interface ProfileProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the offending value inside the profile, e.g. `request.max_tokens.status`. */
  path: string;
  message: string;
}

export class ProfileError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ProfileError';
  }
}

export function formatProblem(p: ProfileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

export interface LoadedProfile {
  /** The merged profile: parent rows overridden by the child's. */
  profile: Profile;
  /** Files from the most derived to the root, e.g. [specs/parallel.yaml, specs/openai.yaml]. */
  files: string[];
  /** For each `<section>.<key>`, the profile id that declared the row in force. */
  declaredBy: Record<string, string>;
}

/** Largest profile file read (the biggest shipped profile is well under 100 KiB). */
export const MAX_PROFILE_BYTES = 4 * 1024 * 1024;
/** Alias expansions allowed in one profile (yaml's own guard against a billion-laughs file). */
const MAX_ALIAS_COUNT = 100;

/** Sections whose rows are merged by key (a child row replaces the parent's row whole). */
export const ROW_SECTIONS = [
  'documents',
  'models',
  'request',
  'messages',
  'response',
  'stream',
  'errors',
  'headers',
  'auth',
  'endpoints',
  'extensions',
  'performance',
  'responses',
] as const;
/** Sections merged shallowly, key by key. */
export const OBJECT_SECTIONS = ['target', 'limits', 'errorEnvelope'] as const;

let validateProfile: ReturnType<typeof compileSchema> | undefined;
function validator() {
  validateProfile ??= compileSchema(JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')));
  return validateProfile;
}

/** `openai` → specs/openai.yaml; anything with a slash or a .yaml/.yml ending is a path. */
export function resolveProfileRef(ref: string, relativeTo?: string): string {
  if (/[\\/]/.test(ref) || /\.ya?ml$/i.test(ref)) return resolve(ref);
  const sibling = relativeTo ? resolve(dirname(relativeTo), `${ref}.yaml`) : undefined;
  if (sibling && existsSync(sibling)) return sibling;
  return resolve(SPECS_DIR, `${ref}.yaml`);
}

/** Loads, merges and lints a profile chain: a schema error or a contradiction between rows is a ProfileError. */
export function loadProfile(ref: string): LoadedProfile {
  const { parsed, ...loaded } = loadChain(resolveProfileRef(ref), []);
  const problems = consistencyProblems(loaded, parsed);
  if (problems.length) throw new ProfileError(problems);
  FILE_OF.set(loaded.profile, loaded.files[0]!);
  return loaded;
}

/** The file each loaded (merged) profile came from, for what sits beside it (coverage reads its documents there). */
const FILE_OF = new WeakMap<Profile, string>();
export function profileFileOf(profile: Profile): string | undefined {
  return FILE_OF.get(profile);
}

/** Each file of a chain as parsed, for positions: file → document and line counter. */
type Parsed = Map<string, { doc: Document; lines: LineCounter }>;

/** The lint's contradictions (src/spec/lint.ts), each at the row of the most derived file, naming the other row's place. */
function consistencyProblems(loaded: LoadedProfile, parsed: Parsed): ProfileProblem[] {
  const fileOf = (r: RowRef): string | undefined => {
    const id = loaded.declaredBy[`${r.section}.${r.key}`];
    return id === undefined ? undefined : loaded.files.find((f) => parsed.get(f) && profileIdOf(parsed, f) === id);
  };
  const depth = (r: RowRef) => {
    const f = fileOf(r);
    return f === undefined ? Number.POSITIVE_INFINITY : loaded.files.indexOf(f);
  };
  const place = (r: RowRef) => {
    const file = fileOf(r) ?? loaded.files[0]!;
    const { doc, lines } = parsed.get(file)!;
    return { file, ...positionOf(doc, lines, [r.section, r.key], true) };
  };
  return lintProfile(loaded.profile, depth).map((c) => {
    const at = place(c.at);
    const otherFile = fileOf(c.other);
    const other = otherFile ? place(c.other) : undefined;
    const where = other ? ` [${c.other.section}.${c.other.key}: ${other.file === at.file ? '' : `${basename(other.file)}:`}${other.line}:${other.column}]` : '';
    return { ...at, path: `${c.at.section}.${c.at.key}`, message: `contradiction: ${c.message}${where}` };
  });
}

function profileIdOf(parsed: Parsed, file: string): string | undefined {
  return String(parsed.get(file)?.doc.get('profile') ?? '') || undefined;
}

function loadChain(file: string, seen: string[]): LoadedProfile & { parsed: Parsed } {
  const { profile, doc, lines } = parseAndValidate(file);
  const parsed: Parsed = new Map([[file, { doc, lines }]]);
  const self = { profile, files: [file], declaredBy: declaredRows(profile), parsed };
  if (!profile.extends) return self;

  const parentFile = resolveProfileRef(profile.extends, file);
  const at = positionOf(doc, lines, ['extends']);
  if (seen.includes(parentFile) || parentFile === file) {
    throw new ProfileError([
      { file, ...at, path: 'extends', message: `extends forms a cycle: ${[...seen, file, parentFile].map((f) => basename(f)).join(' → ')}` },
    ]);
  }
  if (!existsSync(parentFile)) {
    throw new ProfileError([{ file, ...at, path: 'extends', message: `unknown parent profile "${profile.extends}" (no file ${parentFile})` }]);
  }
  const parent = loadChain(parentFile, [...seen, file]);
  return {
    profile: mergeProfiles(parent.profile, profile),
    files: [file, ...parent.files],
    declaredBy: { ...parent.declaredBy, ...self.declaredBy },
    parsed: new Map([...parent.parsed, ...parsed]),
  };
}

function declaredRows(p: Profile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of ROW_SECTIONS) for (const k of Object.keys(p[s] ?? {})) out[`${s}.${k}`] = p.profile;
  return out;
}

export function mergeProfiles(parent: Profile, child: Profile): Profile {
  const merged: Record<string, unknown> = { ...parent, ...child };
  for (const s of ROW_SECTIONS) {
    if (parent[s] || child[s]) merged[s] = { ...(parent[s] ?? {}), ...(child[s] ?? {}) };
  }
  for (const s of OBJECT_SECTIONS) {
    if (parent[s] || child[s]) merged[s] = { ...(parent[s] ?? {}), ...(child[s] ?? {}) };
  }
  return merged as unknown as Profile;
}

/** Parses and validates one file (no `extends` resolution). Throws ProfileError. */
export function parseAndValidate(file: string): { profile: Profile; doc: Document; lines: LineCounter } {
  let text: string;
  const refuse = (message: string) => new ProfileError([{ file, line: 0, column: 0, path: '', message }]);
  try {
    // Checked before reading: a FIFO would block for ever, /dev/zero would grow without end.
    const st = statSync(file);
    if (!st.isFile()) throw refuse('not a regular file: a profile is a YAML file');
    if (st.size > MAX_PROFILE_BYTES) throw refuse(`${st.size} bytes, over the cap of ${MAX_PROFILE_BYTES} bytes for a profile`);
    text = readFileSync(file, 'utf8');
    if (Buffer.byteLength(text) > MAX_PROFILE_BYTES) throw refuse(`over the cap of ${MAX_PROFILE_BYTES} bytes for a profile`);
  } catch (e) {
    if (e instanceof ProfileError) throw e;
    throw new ProfileError([
      { file, line: 0, column: 0, path: '', message: `cannot read profile: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` },
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ProfileError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: `YAML: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (e) {
    // yaml throws a ReferenceError for excessive aliases; name where the aliases start.
    const at = firstAlias(doc);
    const pos = at === undefined ? { line: 1, column: 1 } : toPos(lines, at);
    throw new ProfileError([
      { file, ...pos, path: '', message: `YAML: ${(e as Error).message.split('\n')[0]} (more than ${MAX_ALIAS_COUNT} alias expansions: write the values out)` },
    ]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProfileError([{ file, line: 1, column: 1, path: '', message: 'a profile is a YAML mapping (profile:, title:, request:, ...)' }]);
  }
  const validate = validator();
  if (!validate(value)) {
    throw new ProfileError(dedupe(validate.errors ?? []).map((err) => problemFromAjv(file, doc, lines, err)));
  }
  const profile = value as Profile;
  const expected = basename(file, extname(file));
  void expected; // the id need not equal the file name; `extends` resolves by file name.
  return { profile, doc, lines };
}

/** ajv reports a oneOf failure plus each branch's failure; keep the most specific ones. */
export function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === 'oneOf' && errors.some((o) => o !== e && o.instancePath === e.instancePath)) continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

export function problemFromAjv(file: string, doc: Document, lines: LineCounter, err: ErrorObject): ProfileProblem {
  const segments = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let message = err.message ?? 'is invalid';
  let keyNode = false;
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    segments.push(extra);
    keyNode = true;
    message = `unknown key "${extra}"`;
  } else if (err.keyword === 'enum') {
    const allowed = (err.params as { allowedValues: unknown[] }).allowedValues;
    message = `unknown value ${JSON.stringify(valueAt(doc, segments))}; expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
  } else if (err.keyword === 'type') {
    message = `must be ${(err.params as { type: string }).type}, got ${describe(valueAt(doc, segments))}`;
  } else if (err.keyword === 'required') {
    message = `missing required key "${(err.params as { missingProperty: string }).missingProperty}"`;
  } else if (err.keyword === 'oneOf' || err.keyword === 'pattern') {
    message = `${message} (got ${JSON.stringify(valueAt(doc, segments))})`;
  }
  return { file, ...positionOf(doc, lines, segments, keyNode), path: segments.join('.'), message };
}

function valueAt(doc: Document, segments: string[]): unknown {
  const node = doc.getIn(segments, true) as Node | undefined;
  return node && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : node;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Line and column (1-based) of the node at `segments`, or of its key; falls back to the nearest ancestor. */
export function positionOf(doc: Document, lines: LineCounter, segments: string[], wantKey = false): { line: number; column: number } {
  for (let depth = segments.length; depth >= 0; depth--) {
    const parentPath = segments.slice(0, Math.max(0, depth - 1));
    const last = segments[depth - 1];
    if (depth > 0) {
      const parent = parentPath.length ? (doc.getIn(parentPath, true) as Node | undefined) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === last);
        if (pair && isPair(pair)) {
          const node = (wantKey && depth === segments.length) || !pair.value ? pair.key : pair.value;
          const range = (node as Node).range;
          if (range) return toPos(lines, range[0]);
        }
      }
      const node = doc.getIn(segments.slice(0, depth), true) as Node | undefined;
      if (node?.range) return toPos(lines, node.range[0]);
    } else if (doc.contents?.range) {
      return toPos(lines, doc.contents.range[0]);
    }
  }
  return { line: 1, column: 1 };
}

function firstAlias(doc: Document): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_, node) {
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}

function toPos(lines: LineCounter, offset: number) {
  const p = lines.linePos(offset);
  return { line: p.line, column: p.col };
}
