/**
 * Flag parsing for every command: node:util parseArgs (strict) plus typed checks, so a bad flag gets a
 * one-line reason and the command's usage, and exit code 2 before anything is sent.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string, readonly usage: string) {
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
    throw new UsageError(String((e as Error).message).split('\n')[0].replace(/^TypeError \[\w+\]: /, ''), usage);
  }
}

export function intFlag(value: string | undefined, name: string, usage: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, got "${value}"`, usage);
  }
  return Number(value);
}

/** `--header "Name: value"` → { name: value }; refuses credential headers (the key comes from the environment). */
export function headerFlags(values: string[] | undefined, usage: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of values ?? []) {
    const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s*(.*)$/.exec(h);
    if (!m) throw new UsageError(`--header takes "Name: value", got "${h}"`, usage);
    if (/^(authorization|x-api-key|api-key)$/i.test(m[1])) {
      throw new UsageError(`--header ${m[1]} is refused: credentials come from the environment variable named by --api-key-env, never from a flag`, usage);
    }
    out[m[1].toLowerCase()] = m[2];
  }
  return out;
}

export function urlFlag(value: string | undefined, name: string, usage: string): string | undefined {
  if (value === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--${name} must be an http(s) URL, got "${value}"`, usage);
  }
  if (!/^https?:$/.test(u.protocol)) throw new UsageError(`--${name} must be an http(s) URL, got "${value}"`, usage);
  if (u.username || u.password) throw new UsageError(`--${name} must not carry credentials; use --api-key-env`, usage);
  return value.replace(/\/+$/, '');
}
