/**
 * Every spelling of a registered secret is masked (issue #12 item 2), in text and in bytes split across
 * reads, and ordinary text is left alone.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import {
  registerSecret,
  registerSecretHeaders,
  clearSecrets,
  redactText,
  redactOutput,
  redactChunks,
  redactOutputBytes,
  redactHeaders,
  redactDeep,
  base64Cores,
  isCredentialHeader,
} from '../../src/transport/redact.js';

const KEY = 'sk-canary-DO-NOT-LEAK-7f3a9c2e5b8d1f4a6c0e';

const jsonEscaped = (s: string, every = 1) => [...s].map((c, i) => (i % every === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
const percent = (s: string, upper: boolean) => [...Buffer.from(s)].map((b) => `%${upper ? b.toString(16).toUpperCase() : b.toString(16)}`).join('');

/** Every form the issue names, each inside ordinary surrounding text. */
function spellings(key: string): Record<string, string> {
  return {
    raw: `token ${key} end`,
    'json \\u every char': `{"m":"${jsonEscaped(key)}"}`,
    'json \\u some chars': `{"m":"${jsonEscaped(key, 3)}"}`,
    'json double-escaped': JSON.stringify(`{"m":"${jsonEscaped(key, 2)}"}`),
    'base64 of key': `b64 ${Buffer.from(key).toString('base64')} end`,
    'base64 of Bearer key': `Basic ${Buffer.from(`Bearer ${key}`).toString('base64')}`,
    'base64 offset 1': Buffer.from(`x${key}`).toString('base64'),
    'base64 offset 2': Buffer.from(`xy${key}`).toString('base64'),
    'base64 of user:key': Buffer.from(`user:${key}`).toString('base64'),
    base64url: Buffer.from(`??${key}`).toString('base64url'),
    'percent upper': `/q=${percent(key, true)}`,
    'percent lower': `/q=${percent(key, false)}`,
    'percent of some chars': key.replace(/-/g, '%2d'),
    'encodeURIComponent of JSON': encodeURIComponent(JSON.stringify({ k: key })),
  };
}

/** True when `text` still holds the key, or any 12-character window of it, in any form we can decode. */
function holdsKey(text: string, key: string): boolean {
  // Decode up to three levels of percent-encoding and JSON string escaping, in any order.
  let decoded = [text];
  for (let level = 0; level < 3; level++) {
    const next = decoded.flatMap((t) => [
      safe(() => decodeURIComponent(t)),
      safe(() => JSON.parse(t) as unknown),
      safe(() => JSON.parse(`"${t.replace(/(?<!\\)"/g, '\\"')}"`) as unknown),
    ]);
    decoded = [...decoded, ...next.filter((t): t is string => typeof t === 'string')];
  }
  for (const t of decoded) {
    for (let i = 0; i + 12 <= key.length; i++) if (t.includes(key.slice(i, i + 12))) return true;
  }
  for (const core of base64Cores(key)) if (text.replace(/-/g, '+').replace(/_/g, '/').includes(core.slice(0, 12))) return true;
  return false;
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

describe('redaction of every spelling', () => {
  beforeEach(() => {
    clearSecrets();
    registerSecret(KEY);
  });

  for (const [form, text] of Object.entries(spellings(KEY))) {
    it(`masks the key spelled as ${form}, in text and in bytes split at every offset`, () => {
      expect(holdsKey(text, KEY), 'the fixture holds the key').toBe(true);
      const masked = redactText(text);
      expect(masked.length).toBe(text.length);
      expect(holdsKey(masked, KEY), masked).toBe(false);
      const bytes = Buffer.from(text);
      for (let cut = 1; cut < bytes.length; cut += 7) {
        const out = redactChunks([bytes.subarray(0, cut), bytes.subarray(cut)]);
        expect(out[0]!.length + out[1]!.length).toBe(bytes.length);
        expect(holdsKey(Buffer.concat(out).toString(), KEY)).toBe(false);
      }
    });
  }

  it('the JSON-decoded strings of a body carry no key once the raw body is masked', () => {
    const body = `{"error":{"message":"bad key ${jsonEscaped(KEY)}"}}`;
    const masked = Buffer.concat(redactChunks([Buffer.from(body)])).toString();
    const decoded = JSON.parse(masked) as { error: { message: string } };
    expect(decoded.error.message).not.toContain(KEY.slice(0, 12));
    // ... so a 30-character preview made later cannot keep most of the key either.
    expect(holdsKey(decoded.error.message.slice(0, 30), KEY)).toBe(false);
  });

  it('what a cut leaves of the key (a preview, a key split across two stream events) is masked too', () => {
    expect(redactText(`preview "${KEY.slice(0, 29)}…"`)).toBe(`preview "${'*'.repeat(29)}…"`);
    expect(redactText(`…${KEY.slice(11)}"`)).toBe(`…${'*'.repeat(KEY.length - 11)}"`);
    const events = `data: {"delta":{"content":"${KEY.slice(0, 20)}"}}\n\ndata: {"delta":{"content":"${KEY.slice(20)}"}}\n\n`;
    expect(holdsKey(Buffer.concat(redactChunks([Buffer.from(events)])).toString(), KEY)).toBe(false);
    // Shorter runs are ordinary text.
    expect(redactText(KEY.slice(0, 11))).toBe(KEY.slice(0, 11));
  });

  it('a body cut off at the size cap in the middle of the key loses the cut-off part too', () => {
    const body = Buffer.from(`{"echo":"${KEY.slice(0, 29)}`);
    expect(Buffer.concat(redactChunks([body])).toString()).not.toContain(KEY.slice(0, 10));
  });

  it('leaves ordinary text and base64 alone', () => {
    const text = `{"id":"chatcmpl-1","choices":[{"message":{"content":"sk-other-key and \\u0041BC"}}]} ${Buffer.from('hello world, nothing secret here').toString('base64')}`;
    expect(redactOutput(text)).toBe(text);
    expect(redactText(text)).toBe(text);
  });

  it('redactDeep masks every string of a parsed value, leaving field names and the kept fields', () => {
    const v = redactDeep({ a: [`x ${KEY}`], n: 2, verdict: 'pass' }, new Set(['verdict']));
    expect(JSON.stringify(v)).not.toContain(KEY);
    expect(v.n).toBe(2);
    clearSecrets();
    registerSecret('pass');
    expect(redactDeep({ verdict: 'pass', message: 'a pass here' }, new Set(['verdict']))).toEqual({ verdict: 'pass', message: 'a **** here' });
  });

  it('a value under 4 characters is not a secret worth masking (it would mask digits and words everywhere)', () => {
    clearSecrets();
    registerSecret('x1');
    expect(redactOutput('x1 and x1')).toBe('x1 and x1');
  });
});

describe('short secrets (under 8 characters)', () => {
  beforeEach(() => {
    clearSecrets();
    registerSecret('t0k3n');
  });

  it('are masked by every writer wherever they stand as a whole token, raw, escaped, percent-encoded or base64', () => {
    expect(redactOutput('key t0k3n, "t0k3n", /t0k3n/')).toBe('key *****, "*****", /*****/');
    expect(redactOutput(`"\\u0074\\u0030k3n"`)).not.toMatch(/k3n/);
    expect(redactOutput('%74%30k3n')).not.toMatch(/k3n/);
    expect(redactOutput(`Basic ${Buffer.from('Bearer t0k3n').toString('base64')}`)).toBe(
      `Basic ${'*'.repeat(Buffer.from('Bearer t0k3n').toString('base64').length)}`,
    );
    expect(redactOutput(Buffer.from('t0k3n').toString('base64'))).toMatch(/^\*+$/);
    expect(Buffer.concat(redactOutputBytes([Buffer.from('a t0'), Buffer.from('k3n b')])).toString()).toBe('a ***** b');
  });

  it('are not masked inside other words, nor in what the transport hands to the checks (it would corrupt observations)', () => {
    expect(redactOutput('xt0k3nx')).toBe('xt0k3nx');
    expect(redactText('key t0k3n')).toBe('key t0k3n');
    expect(Buffer.concat(redactChunks([Buffer.from('key t0k3n')])).toString()).toBe('key t0k3n');
  });
});

describe('credential headers', () => {
  beforeEach(() => clearSecrets());

  it('any header whose name says key, token, secret, auth, cookie or session is a credential', () => {
    for (const h of [
      'Authorization',
      'Proxy-Authorization',
      'X-Goog-Api-Key',
      'api-key',
      'X-Auth-Token',
      'X-Client-Secret',
      'Cookie',
      'X-Session-Id',
      'x-amz-security-token',
    ]) {
      expect(isCredentialHeader(h), h).toBe(true);
    }
    for (const h of ['Ocp-Apim-Subscription-Key', 'X-Access-Token', 'X-Authtoken', 'X-Sessionid', 'Set-Cookie', 'X-Db-Password'])
      expect(isCredentialHeader(h), h).toBe(true);
    // Token counts and the scheme a server asks for are not secrets: masking them would blind the header checks.
    for (const h of [
      'Accept',
      'User-Agent',
      'X-Request-Id',
      'OpenAI-Organization',
      'Content-Type',
      'x-ratelimit-limit-tokens',
      'x-ratelimit-remaining-tokens',
      'x-ratelimit-reset-tokens',
      'WWW-Authenticate',
      'x-ratelimit-reset-requests',
    ]) {
      expect(isCredentialHeader(h), h).toBe(false);
    }
    expect(redactHeaders({ 'x-goog-api-key': 'AIzaSyD-secret-value', 'proxy-authorization': 'Basic dXNlcjpwYXNz' })).toEqual({
      'x-goog-api-key': '[REDACTED]',
      'proxy-authorization': 'Basic [REDACTED]',
    });
  });

  it('their values are registered as secrets, with and without the scheme word', () => {
    registerSecretHeaders({ 'proxy-authorization': 'Basic dXNlcjpzZWNyZXQtcHJveHk=', 'x-goog-api-key': 'AIzaSyD-secret-value', accept: 'application/json' });
    expect(redactOutput('echo AIzaSyD-secret-value and dXNlcjpzZWNyZXQtcHJveHk= and application/json')).toBe(
      `echo ${'*'.repeat(20)} and ${'*'.repeat(24)} and application/json`,
    );
  });
});
