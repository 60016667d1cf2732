/**
 * Flag parsing for every command: node:util parseArgs (strict) plus typed checks, so a bad flag gets a
 * one-line reason and the command's usage, and exit code 2 before anything is sent.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export function parse<const T extends Options>(argv: string[], options: T, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, ...HELP } as T & typeof HELP, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError(
      String((e as Error).message)
        .split('\n')[0]
        .replace(/^TypeError \[\w+\]: /, ''),
      usage,
    );
  }
}

export function intFlag(value: string | undefined, name: string, usage: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, got "${value}"`, usage);
  }
  return Number(value);
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** The API key has its own way in (--api-key-env): these headers would compete with it. */
const KEY_HEADERS = /^(authorization|x-api-key|api-key)$/i;

function refuseKeyHeader(flag: string, name: string, usage: string): void {
  if (KEY_HEADERS.test(name)) {
    throw new UsageError(`${flag} ${name} is refused: credentials come from the environment variable named by --api-key-env, never from a flag`, usage);
  }
}

/**
 * `--header "Name: value"` → { name: value }; refuses the key headers (the key comes from the
 * environment). A value is never echoed in an error: it may be a secret.
 */
export function headerFlags(values: string[] | undefined, usage: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of values ?? []) {
    const m = /^([^:\s]+)\s*:\s*(.*)$/.exec(h);
    if (!m || !HEADER_NAME.test(m[1]!)) {
      const name = /^[^:=\s]*/.exec(h)![0];
      throw new UsageError(`--header takes "Name: value", got ${name && HEADER_NAME.test(name) ? `"${name}..." (value not shown)` : 'something else'}`, usage);
    }
    refuseKeyHeader('--header', m[1]!, usage);
    if (/[\r\n\0]/.test(m[2]!)) throw new UsageError(`--header ${m[1]}: the value holds a line break or NUL`, usage);
    out[m[1]!.toLowerCase()] = m[2]!;
  }
  return out;
}

/**
 * `--header-env "Name=ENV_VAR"` → { name: $ENV_VAR }: a header (typically a secret one) whose value
 * comes from the environment, so it is never typed on a command line nor seen in `ps`.
 */
export function headerEnvFlags(values: string[] | undefined, usage: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of values ?? []) {
    const m = /^([^=\s]+)=([A-Za-z_][A-Za-z0-9_]*)$/.exec(h);
    if (!m || !HEADER_NAME.test(m[1]!)) throw new UsageError(`--header-env takes "Name=ENV_VAR", got "${h}"`, usage);
    refuseKeyHeader('--header-env', m[1]!, usage);
    const value = env[m[2]!];
    if (value === undefined || value === '') throw new UsageError(`--header-env ${m[1]}: $${m[2]} is not set`, usage);
    if (/[\r\n\0]/.test(value)) throw new UsageError(`--header-env ${m[1]}: $${m[2]} holds a line break or NUL`, usage);
    out[m[1]!.toLowerCase()] = value;
  }
  return out;
}

/** A URL as text for an error line, its userinfo (a password) masked even when it does not parse. */
function shownUrl(value: string): string {
  return value.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@').slice(0, 200);
}

/**
 * An http(s) base URL. Refused: userinfo (credentials go through --api-key-env), a query or a fragment
 * (the paths of the API are appended to the base URL, so they would be dropped or misplaced silently).
 */
export function urlFlag(value: string | undefined, name: string, usage: string): string | undefined {
  if (value === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--${name} must be an http(s) URL, got "${shownUrl(value)}"`, usage);
  }
  if (!/^https?:$/.test(u.protocol)) throw new UsageError(`--${name} must be an http(s) URL, got "${shownUrl(value)}"`, usage);
  if (u.username || u.password || /^[^:/?#]*:\/\/[^/?#]*@/.test(value)) throw new UsageError(`--${name} must not carry credentials; use --api-key-env`, usage);
  if (value.includes('?') || value.includes('#')) {
    throw new UsageError(
      `--${name} must not carry a ${value.includes('?') ? 'query (?...)' : 'fragment (#...)'}: the API paths are appended to it; give the base URL only, e.g. https://host/v1`,
      usage,
    );
  }
  return value.replace(/\/+$/, '');
}
