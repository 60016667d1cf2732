/**
 * oai-compat.config.yaml: read, refuse what must never be in it (an inline secret), validate against the
 * published schema (specs/schema/config.schema.json), and name every problem with file:line:column, the
 * same way a profile's problems are named (src/spec/load.ts's YAML position mapping, reused).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { compileSchema } from '../spec/ajv.js';
import { dedupe as dedupeAjvErrors, formatProblem, positionOf, problemFromAjv, type ProfileProblem } from '../spec/load.js';
import { InputError } from './exit.js';
import { checkProfileRef } from './profile-ref.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../specs/schema/config.schema.json', import.meta.url));
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface RunSettings {
  only?: string;
  concurrency?: number;
  timeoutMs?: number;
  samples?: number;
  rpm?: number;
  rate?: string;
  maxRequests?: number;
  retries?: number;
  maxRetryAfter?: string;
  deadline?: string;
}

export interface ConfigTarget {
  name: string;
  baseUrl?: string;
  profile?: string;
  model?: string;
  apiKeyEnv?: string;
  headers?: Record<string, string>;
  label?: string;
  baseline?: string;
  fault?: string;
  run?: RunSettings;
}

export interface Config {
  out?: string;
  title?: string;
  run?: RunSettings;
  targets: ConfigTarget[];
}

/** Keys that would hold a secret itself: a config names the variable that holds it, never the value. */
const SECRET_KEYS = /^(api[-_]?key|key|token|secret|password|passwd|authorization|bearer|credentials?)$/i;
/** Headers the key would compete with (the same rule as --header-env). */
const KEY_HEADERS = /^(authorization|x-api-key|api-key)$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

let validateConfig: ReturnType<typeof compileSchema> | undefined;

export function loadConfig(file: string): Config {
  const problem = (message: string): InputError => new InputError(`${file}: ${message}`);
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw problem('not a regular file: a configuration is a YAML file');
    if (st.size > MAX_CONFIG_BYTES) throw problem(`${st.size} bytes, over the cap of ${MAX_CONFIG_BYTES} bytes for a configuration`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw problem(`cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const p = lines.linePos(e.pos[0]);
    throw new InputError(`${file}:${p.line}:${p.col}: YAML: ${e.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw problem(`YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InputError(`${file}:1:1: a configuration is a YAML mapping (targets:, run:, out:)`);
  // Before the schema: its messages quote values, and a secret written inline must not be echoed.
  const secrets = inlineSecrets(value as Record<string, unknown>, doc, lines, file);
  if (secrets.length) throw new InputError(secrets.map(formatProblem).join('\n'));
  validateConfig ??= compileSchema(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  if (!validateConfig(value)) {
    throw new InputError(
      dedupeAjvErrors(validateConfig.errors ?? [])
        .map((err) => formatProblem(problemFromAjv(file, doc, lines, err)))
        .join('\n'),
    );
  }
  const config = value as Config;
  const names = new Set<string>();
  const problems: ProfileProblem[] = [];
  for (const [i, t] of config.targets.entries()) {
    if (names.has(t.name))
      problems.push(at(file, doc, lines, ['targets', String(i), 'name'], `a second target named "${t.name}": each target has a folder of its own`));
    names.add(t.name);
    // Every target's profile is checked before the first one runs: a typo in the last one sends nothing.
    try {
      if (t.profile) checkProfileRef(profileRef(t.profile, dirname(file)), 'profile');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(at(file, doc, lines, ['targets', String(i), 'profile'], e.message));
    }
  }
  if (problems.length) throw new InputError(problems.map(formatProblem).join('\n'));
  return config;
}

/** A profile path is relative to the configuration file; a name is a built-in profile. */
export function profileRef(ref: string, base: string): string {
  return /[\\/]/.test(ref) || /\.ya?ml$/i.test(ref) ? resolve(base, ref) : ref;
}

/** A key that holds a secret itself, a header value that is not a variable name, a key header. */
function inlineSecrets(value: Record<string, unknown>, doc: Document, lines: LineCounter, file: string): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  const never = 'a secret is never written in the configuration: name the environment variable that holds it (apiKeyEnv: NAME, or headers: {Header-Name: VAR})';
  const visit = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      const here = [...path, k];
      // A headers map's keys are header names, checked below.
      if (k === 'headers' && path.length === 2 && path[0] === 'targets') continue;
      if (SECRET_KEYS.test(k) && typeof v !== 'object') out.push(at(file, doc, lines, here, never, true));
      else visit(v, here);
    }
  };
  visit(value, []);
  const targets = Array.isArray(value.targets) ? value.targets : [];
  for (const [i, t] of targets.entries()) {
    const headers = (t as { headers?: unknown })?.headers;
    if (!headers || typeof headers !== 'object') continue;
    for (const [name, v] of Object.entries(headers)) {
      const here = ['targets', String(i), 'headers', name];
      if (KEY_HEADERS.test(name)) out.push(at(file, doc, lines, here, 'this header carries the key: name its variable with apiKeyEnv instead', true));
      else if (typeof v !== 'string' || !ENV_NAME.test(v))
        out.push(at(file, doc, lines, here, "a header's value is the name of the environment variable that holds it, not the value (not shown)"));
    }
  }
  return out;
}

function at(file: string, doc: Document, lines: LineCounter, segments: string[], message: string, key = false): ProfileProblem {
  return { file, ...positionOf(doc, lines, segments, key), path: segments.join('.'), message };
}
