/** Flags that carry or name secrets (issue #12 items 3 and 13), and the one-run-per-folder lock (item 1). */
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { headerFlags, headerEnvFlags, urlFlag, UsageError } from '../../src/cli/args.js';
import { lockOutDir, OutInUse, LOCK_FILE } from '../../src/cli/out-lock.js';
import { clearSecrets, redactOutput, registerUrlSecrets } from '../../src/transport/redact.js';

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('--base-url', () => {
  it('refuses a query or a fragment with one line (they would be dropped when the API paths are appended)', () => {
    expect(refusal(() => urlFlag('https://h/v1?api-version=1', 'base-url', ''))).toMatch(/^--base-url must not carry a query/);
    expect(refusal(() => urlFlag('https://h/v1#x', 'base-url', ''))).toMatch(/^--base-url must not carry a fragment/);
    expect(refusal(() => urlFlag('https://h/v1?', 'base-url', ''))).toMatch(/query/);
    expect(urlFlag('https://h/v1/', 'base-url', '')).toBe('https://h/v1');
  });

  it('never echoes a password, even from a URL that does not parse', () => {
    expect(refusal(() => urlFlag('https://u:hunter2hunter2@h/v1', 'base-url', ''))).not.toContain('hunter2');
    expect(refusal(() => urlFlag('https://u:hunter2hunter2@[::1/v1', 'base-url', ''))).not.toContain('hunter2');
    expect(refusal(() => urlFlag('ftp://u:hunter2hunter2@h/', 'base-url', ''))).not.toContain('hunter2');
  });

  afterEach(() => clearSecrets());

  it('a secret in its path is registered for redaction; ordinary segments are not', () => {
    registerUrlSecrets('https://gw.example/key/abc-tenant-token/openai/v1');
    registerUrlSecrets('https://gw.example/u/sk-path-0123456789abcdef/v1');
    expect(redactOutput('https://gw.example/key/abc-tenant-token/openai/v1')).toBe('https://gw.example/key/****************/openai/v1');
    expect(redactOutput('at /u/sk-path-0123456789abcdef/v1')).not.toContain('sk-path');
    registerUrlSecrets('https://api.openai.com/v1');
    expect(redactOutput('https://api.openai.com/v1')).toBe('https://api.openai.com/v1');
  });
});

describe('--header and --header-env', () => {
  it('--header never echoes a value in its refusal', () => {
    expect(refusal(() => headerFlags(['X-Goog-Api-Key=AIza-secret-value'], ''))).not.toContain('AIza');
    expect(refusal(() => headerFlags(['Authorization: Bearer sk-x'], ''))).toMatch(/refused/);
    expect(headerFlags(['X-Goog-Api-Key: AIza-secret-value'], '')).toEqual({ 'x-goog-api-key': 'AIza-secret-value' });
  });

  it('--header-env reads the value from the named variable and refuses what it cannot use', () => {
    const env = { PROXY_AUTH: 'Basic dXNlcjpwYXNz', EMPTY: '' };
    expect(headerEnvFlags(['Proxy-Authorization=PROXY_AUTH'], '', env)).toEqual({ 'proxy-authorization': 'Basic dXNlcjpwYXNz' });
    expect(refusal(() => headerEnvFlags(['X-Key=MISSING'], '', env))).toBe('--header-env X-Key: $MISSING is not set');
    expect(refusal(() => headerEnvFlags(['X-Key=EMPTY'], '', env))).toBe('--header-env X-Key: $EMPTY is not set');
    expect(refusal(() => headerEnvFlags(['X-Key: PROXY_AUTH'], '', env))).toMatch(/takes "Name=ENV_VAR"/);
    expect(refusal(() => headerEnvFlags(['X-Api-Key=PROXY_AUTH'], '', env))).toMatch(/refused/);
  });
});

describe('the output folder lock', () => {
  it('a second run is refused while the first holds the lock; a released or stale lock is taken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oai-compat-lock-'));
    const lock = lockOutDir(dir, 'reports/openai');
    expect((await readFile(join(dir, LOCK_FILE), 'utf8')).trim()).toBe(String(process.pid));
    // Another live process holds it: refused with one line.
    await writeFile(join(dir, LOCK_FILE), `${process.ppid}\n`);
    expect(() => lockOutDir(dir, 'reports/openai')).toThrow(OutInUse);
    expect(() => lockOutDir(dir, 'reports/openai')).toThrow(`reports/openai is in use by another run (pid ${process.ppid})`);
    // Not ours any more: releasing must not remove another run's lock.
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    // A pid that cannot be alive: stale, taken over.
    await writeFile(join(dir, LOCK_FILE), '2147483646\n');
    const again = lockOutDir(dir, 'reports/openai');
    again.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
