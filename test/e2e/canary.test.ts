/**
 * The canary keys (issue #12 items 1, 2, 3, 12, 13): real runs of the built command against servers
 * that echo every credential they get in every spelling and carry terminal escape sequences. No
 * artifact (results.json, report.md, report.html, junit.xml, Allure results, the cassette) and no
 * output line holds any canary in any form; two concurrent runs never swap keys; a second run into a
 * folder in use is refused; bad base URLs get one line.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli, type CliResult } from '../support/cli.js';
import { startLeakyServer, echoes, type LeakyServer } from '../support/leaky-server.js';
import { allFiles, findSecret, leaks } from '../support/secret-forms.js';
import type { Results } from '../../src/results/results.types.js';

const KEY_A = 'sk-canary-A-DO-NOT-LEAK-7f3a9c2e5b8d1f4a6c0e';
const KEY_B = 'sk-canary-B-DO-NOT-LEAK-0d9e8f7a6b5c4d3e2f1a';
const GOOG = 'AIzaSy-canary-goog-3c2b1a0f9e8d7c6b5a49';
const PROXY_CRED = Buffer.from('proxyuser:canary-proxy-pass-5e4d3c2b').toString('base64');
const PATH_TOKEN = 'tok_canary_path_9a8b7c6d5e4f3a2b1c0d';
const SHORT_KEY = 'k3y9z';
const LONG_TIMEOUT = 600_000;
const CANARIES = [KEY_A, KEY_B, GOOG, PROXY_CRED, PATH_TOKEN];

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-canary-'));
const results = async (out: string) => JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
/** Raw control characters (C0 but LF and tab, DEL, C1, bidi overrides) that would act on a terminal. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('the detector itself', () => {
  it('finds every spelling the servers echo (so "no leak found" means something)', () => {
    // With a literal "50%" around, which a strict percent-decoder would choke on.
    for (const s of CANARIES) for (const form of echoes(s)) expect(findSecret(`50% x ${form} y`, s), form).toBeDefined();
    expect(findSecret(`"${KEY_A.slice(0, 29)}…"`, KEY_A), 'a 29-character preview').toBeDefined();
    expect(findSecret('nothing to see here', KEY_A)).toBeUndefined();
  });
});

describe('a run against a server that echoes every credential in every spelling and injects escape sequences', () => {
  let server: LeakyServer;
  let out: string;
  let cassetteDir: string;
  let r: CliResult;
  beforeAll(async () => {
    server = await startLeakyServer({ key: KEY_A, leak: true, inject: true, prefix: `/key/${PATH_TOKEN}` });
    out = await tmp();
    cassetteDir = await tmp();
    r = await cli(
      [
        'run',
        '--base-url',
        server.baseUrl,
        '--profile',
        'openai',
        '--model',
        'tiny',
        '--out',
        out,
        '--header',
        `X-Goog-Api-Key: ${GOOG}`,
        '--header-env',
        'Proxy-Authorization=CANARY_PROXY_AUTH',
        '--record',
        join(cassetteDir, 'run.cassette'),
      ],
      { OAI_COMPAT_API_KEY: KEY_A, CANARY_PROXY_AUTH: `Basic ${PROXY_CRED}` },
      LONG_TIMEOUT,
    );
  }, LONG_TIMEOUT);
  afterAll(() => server.close());

  it('sent each credential to the target (the control), and ran to a complete report', async () => {
    expect([0, 1], r.stderr).toContain(r.code);
    expect(server.requests.some((q) => q.headers.authorization === `Bearer ${KEY_A}`)).toBe(true);
    expect(server.requests.some((q) => q.headers['x-goog-api-key'] === GOOG)).toBe(true);
    expect(server.requests.some((q) => q.headers['proxy-authorization'] === `Basic ${PROXY_CRED}`)).toBe(true);
    expect(server.requests.every((q) => q.url.startsWith(`/key/${PATH_TOKEN}/v1/`))).toBe(true);
    expect((await results(out)).cases.length).toBeGreaterThan(50);
    for (const f of ['report.md', 'report.html', 'junit.xml', 'results.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect((await allFiles(join(out, 'allure-results'))).length).toBeGreaterThan(10);
  });

  it(
    'no artifact and no output line holds the key, the secret headers or the URL token, in any spelling',
    async () => {
      const found = await leaks(out, CANARIES, { stdout: r.stdout, stderr: r.stderr, cassette: await readFile(join(cassetteDir, 'run.cassette'), 'utf8') });
      expect(found).toEqual([]);
    },
    LONG_TIMEOUT,
  );

  it('leaves no run configuration in the output folder', async () => {
    expect((await allFiles(out)).filter((f) => /run-config|\.lock/.test(f))).toEqual([]);
  });

  it('prints and writes the hostile text with its control characters made visible, never raw', async () => {
    expect(RAW_CONTROL.test(r.stdout + r.stderr), JSON.stringify((r.stdout + r.stderr).match(/.{0,30}[\u001b\u0007\u009b\u202e].{0,30}/))).toBe(false);
    for (const f of ['report.md', 'report.html', 'junit.xml']) {
      const text = await readFile(join(out, f), 'utf8');
      expect(RAW_CONTROL.test(text), f).toBe(false);
    }
    // The server's text did reach them (so the check above is not vacuous), neutralised.
    expect(r.stdout).toContain('\\u001b]0;pwned-title\\u0007');
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/pwned-title/);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/\\u001b\]8;;http:\/\/evil\.example/);
  });
});

describe('two runs at once', () => {
  it(
    'against two targets with two keys, into two folders: each target gets only its own key, each results.json names its own target',
    async () => {
      const [a, b] = await Promise.all([startLeakyServer({ key: KEY_A, leak: true }), startLeakyServer({ key: KEY_B, leak: true })]);
      try {
        const [outA, outB] = await Promise.all([tmp(), tmp()]);
        const [ra, rb] = await Promise.all([
          cli(
            ['run', '--base-url', a.baseUrl, '--model', 'tiny', '--out', outA, '--only', 'request.,response.,error.'],
            { OAI_COMPAT_API_KEY: KEY_A },
            LONG_TIMEOUT,
          ),
          cli(
            ['run', '--base-url', b.baseUrl, '--model', 'tiny', '--out', outB, '--only', 'request.,response.,error.'],
            { OAI_COMPAT_API_KEY: KEY_B },
            LONG_TIMEOUT,
          ),
        ]);
        expect([0, 1], ra.stderr).toContain(ra.code);
        expect([0, 1], rb.stderr).toContain(rb.code);
        expect(a.requests.length).toBeGreaterThan(10);
        expect(b.requests.length).toBeGreaterThan(10);
        // Each target saw its own key, and never the other's (some error and auth probes send none or a wrong one on purpose).
        expect(a.requests.some((q) => q.headers.authorization === `Bearer ${KEY_A}`)).toBe(true);
        expect(b.requests.some((q) => q.headers.authorization === `Bearer ${KEY_B}`)).toBe(true);
        expect(a.requests.filter((q) => JSON.stringify(q).includes(KEY_B))).toEqual([]);
        expect(b.requests.filter((q) => JSON.stringify(q).includes(KEY_A))).toEqual([]);
        const [resA, resB] = [await results(outA), await results(outB)];
        expect(resA.target.baseUrl).toBe(a.baseUrl);
        expect(resB.target.baseUrl).toBe(b.baseUrl);
        for (const x of resA.exchanges ?? []) expect(x.request.url.startsWith(a.baseUrl), x.request.url).toBe(true);
        for (const x of resB.exchanges ?? []) expect(x.request.url.startsWith(b.baseUrl), x.request.url).toBe(true);
        expect(await leaks(outA, [KEY_A, KEY_B], { stdout: ra.stdout, stderr: ra.stderr })).toEqual([]);
        expect(await leaks(outB, [KEY_A, KEY_B], { stdout: rb.stdout, stderr: rb.stderr })).toEqual([]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    },
    LONG_TIMEOUT,
  );

  it(
    'into one folder: the second is refused with one line and exit 2, sends nothing, and the first completes with its own key',
    async () => {
      let open!: () => void;
      const hold = new Promise<void>((r) => (open = r));
      // Server A holds its answers until run B has been refused, so run A is surely still in flight.
      const [a, b] = await Promise.all([startLeakyServer({ key: KEY_A, hold }), startLeakyServer({ key: KEY_B })]);
      try {
        const parent = await tmp();
        const out = join(parent, 'reports', 'openai');
        const runA = cli(
          ['run', '--base-url', a.baseUrl, '--model', 'tiny', '--out', out, '--only', 'request.max_tokens,request.n'],
          { OAI_COMPAT_API_KEY: KEY_A },
          LONG_TIMEOUT,
        );
        while (!a.requests.length) await new Promise((r) => setTimeout(r, 100));
        const rb = await cli(
          ['run', '--base-url', b.baseUrl, '--model', 'tiny', '--out', out, '--only', 'request.max_tokens'],
          { OAI_COMPAT_API_KEY: KEY_B },
          LONG_TIMEOUT,
        );
        open();
        const ra = await runA;
        expect(rb.code, rb.stderr).toBe(2);
        expect(rb.stderr.trim().split('\n')).toHaveLength(1);
        expect(rb.stderr).toMatch(new RegExp(`^oai-compat run: ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is in use by another run \\(pid \\d+\\)\\n$`));
        expect(b.requests).toEqual([]);
        expect([0, 1], ra.stderr).toContain(ra.code);
        expect(a.requests.filter((q) => JSON.stringify(q).includes(KEY_B))).toEqual([]);
        expect((await results(out)).target.baseUrl).toBe(a.baseUrl);
        expect(existsSync(join(out, '.oai-compat.lock')), 'the lock goes with its run').toBe(false);
      } finally {
        open();
        await Promise.all([a.close(), b.close()]);
      }
    },
    LONG_TIMEOUT,
  );

  it(
    'a lock left by a run that died (its pid is gone) is stale: the next run takes it over',
    async () => {
      const out = await tmp();
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      await mkdir(out, { recursive: true });
      await writeFile(join(out, '.oai-compat.lock'), `${dead}\n`);
      const r = await cli(['run', '--out', out, '--only', 'request.max_tokens'], {}, LONG_TIMEOUT);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(out, '.oai-compat.lock'))).toBe(false);
    },
    LONG_TIMEOUT,
  );
});

describe('a short key (under 8 characters)', () => {
  it(
    'is masked wherever it stands as a whole token in every artifact and output line',
    async () => {
      const server = await startLeakyServer({ key: SHORT_KEY, leak: true });
      try {
        const out = await tmp();
        const r = await cli(
          ['run', '--base-url', server.baseUrl, '--model', 'tiny', '--out', out, '--only', 'request.max_tokens,endpoint.'],
          { OAI_COMPAT_API_KEY: SHORT_KEY },
          LONG_TIMEOUT,
        );
        expect([0, 1], r.stderr).toContain(r.code);
        expect(server.requests.some((q) => q.headers.authorization === `Bearer ${SHORT_KEY}`)).toBe(true);
        const token = new RegExp(`(?<![A-Za-z0-9_-])${SHORT_KEY}(?![A-Za-z0-9_-])`);
        for (const f of await allFiles(out)) {
          const text = await readFile(f, 'utf8');
          expect(token.test(text) || token.test(text.replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))), f).toBe(false);
          expect(text.includes(Buffer.from(`Bearer ${SHORT_KEY}`).toString('base64')), f).toBe(false);
        }
        expect(token.test(r.stdout + r.stderr)).toBe(false);
      } finally {
        await server.close();
      }
    },
    LONG_TIMEOUT,
  );
});

describe('bad base URLs and secret flags get one line, exit 2, and never echo a secret', () => {
  it(
    'a query or a fragment is refused',
    async () => {
      for (const url of ['http://127.0.0.1:1/v1?api-version=2024-02-01', 'http://127.0.0.1:1/v1#frag', 'http://127.0.0.1:1/v1?']) {
        const r = await cli(['run', '--base-url', url]);
        expect(r.code, url).toBe(2);
        expect(r.stderr.split('\n')[0], url).toMatch(/--base-url must not carry a (query|fragment)/);
      }
    },
    LONG_TIMEOUT,
  );

  it(
    'userinfo is refused and a URL that does not parse is shown without its password',
    async () => {
      const r1 = await cli(['run', '--base-url', `http://user:${PATH_TOKEN}@127.0.0.1:1/v1`]);
      expect(r1.code).toBe(2);
      expect(r1.stderr).not.toContain(PATH_TOKEN);
      const r2 = await cli(['run', '--base-url', `http://user:${PATH_TOKEN}@[bad/v1`]);
      expect(r2.code).toBe(2);
      expect(r2.stderr.split('\n')[0]).toMatch(/must be an http\(s\) URL/);
      expect(r2.stderr).not.toContain(PATH_TOKEN);
    },
    LONG_TIMEOUT,
  );

  it(
    'a malformed --header does not echo its value; --header-env names a variable that must be set',
    async () => {
      const r1 = await cli(['run', '--header', `X-Goog-Api-Key=${GOOG}`]);
      expect(r1.code).toBe(2);
      expect(r1.stderr).not.toContain(GOOG);
      const r2 = await cli(['run', '--header-env', 'X-Goog-Api-Key=NO_SUCH_VAR_FOR_CANARY']);
      expect(r2.code).toBe(2);
      expect(r2.stderr.split('\n')[0]).toMatch(
        /--header-env x-goog-api-key: \$NO_SUCH_VAR_FOR_CANARY is not set|--header-env X-Goog-Api-Key: \$NO_SUCH_VAR_FOR_CANARY is not set/,
      );
      const r3 = await cli(['run', '--header-env', 'Authorization=HOME']);
      expect(r3.code).toBe(2);
      expect(r3.stderr.split('\n')[0]).toMatch(/refused: credentials come from the environment variable named by --api-key-env/);
    },
    LONG_TIMEOUT,
  );
});
