/**
 * Start fast: `--help`, a bad flag and the other light paths load nothing heavy. What is checked is
 * *what is loaded*, never how long it took: the built bin is run with a module hook (module.register for
 * ES modules, Module._load for CommonJS requires) that records every file it resolves.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/cli.js';

const HOOK = `
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
const log = process.env.OAI_COMPAT_TEST_LOAD_LOG;
const resolveHook = \`import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (!r.url.startsWith('node:')) appendFileSync(\${JSON.stringify(log)}, r.url + '\\\\n');
  return r;
}\`;
register('data:text/javascript,' + encodeURIComponent(resolveHook));
const Module = createRequire(import.meta.url)('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  let file = request;
  try { file = Module._resolveFilename(request, parent, isMain); } catch {}
  if (!Module.builtinModules.includes(file) && !String(file).startsWith('node:')) appendFileSync(log, 'file://' + file + '\\n');
  return load.apply(this, arguments);
};
`;

let dir: string;
let hook: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oai-compat-startup-'));
  hook = join(dir, 'record-loads.mjs');
  await writeFile(hook, HOOK);
  return () => rm(dir, { recursive: true, force: true });
});

let n = 0;
/** The files the command loaded (package paths relative to the root), and its result. */
async function loadedBy(args: string[]): Promise<{ files: string[]; status: number | null; stdout: string; stderr: string }> {
  const log = join(dir, `loads-${++n}.txt`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, join(ROOT, 'bin/oai-compat.js'), ...args], {
    cwd: dir,
    env: { ...process.env, OAI_COMPAT_TEST_LOAD_LOG: log, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const files = existsSync(log) ? (await readFile(log, 'utf8')).split('\n').filter(Boolean) : [];
  return { files: files.map((f) => f.replace(pathToFileURL(ROOT).href, '')), status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The packages a light path must never load: the test runner, the HTTP client, the schema validator, YAML. */
const HEAVY = /node_modules\/(vitest|@vitest|vite|undici|ajv|yaml|openai|zod|xmlbuilder2|allure-[\w-]+)\//;
/** The project's own heavy parts: the emulator, the run, the transport, the cases, the profile loader. */
const HEAVY_OWN = /^dist\/(emulator|run|transport\/(?!redact)|cases|probes|checks|spec)\b/;

describe('start-up: what the light paths load', () => {
  it('the recorder sees packages and project files (control: validate loads the YAML parser and ajv)', async () => {
    const r = await loadedBy(['validate', join(ROOT, 'specs/openai.yaml')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.files.some((f) => /node_modules\/yaml\//.test(f))).toBe(true);
    expect(r.files.some((f) => /node_modules\/ajv\//.test(f))).toBe(true);
    expect(r.files.some((f) => /^dist\/spec\/load\.js$/.test(f))).toBe(true);
  });

  // A flag's value is checked by the run itself (it is loaded then); an unknown flag is refused before.
  for (const args of [['run', '--help'], ['serve', '--help'], ['--help'], ['run', '--bogus'], ['run', '--only', 'x', '-h']]) {
    it(`oai-compat ${args.join(' ')} loads nothing heavy`, async () => {
      const r = await loadedBy(args);
      expect(r.files.length, r.stderr).toBeGreaterThan(0);
      expect(r.files.filter((f) => HEAVY.test(f) || HEAVY_OWN.test(f))).toEqual([]);
      expect(r.files.filter((f) => f.includes('node_modules/'))).toEqual([]);
    });
  }

  it('run --help prints the usage; a bad flag is one line, exit 2', async () => {
    const help = await loadedBy(['run', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: oai-compat run/);
    const bad = await loadedBy(['run', '--concurrency', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('oai-compat run: --concurrency takes a whole number from 1 to 64, got "many" (see oai-compat run --help)\n');
  });

  it('a dry run against a real base URL loads neither vitest nor the emulator (it sends nothing and runs in-process)', async () => {
    const r = await loadedBy(['run', '--dry-run', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--only', 'request.max_tokens']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.files.filter((f) => /node_modules\/(vitest|@vitest|vite)\//.test(f) || /^dist\/emulator\//.test(f))).toEqual([]);
  });
});

/** Packages no command but `run` (and `serve`, the emulator) has a use for. */
const RUN_ONLY = /node_modules\/(vitest|@vitest|vite|rolldown|@rolldown|undici|openai|openai-v4|openai-v5|allure-[\w-]+|xmlbuilder2)\//;
/** The project's own parts of a run (transport/http.js is not one: every check reads bodies with it, and it requires undici only to send). */
const RUN_ONLY_OWN = /^dist\/(emulator|run|transport\/(scheduler|cassette))\b/;

/** A minimal valid results.json (what merge and matrix read), written into the test's folder. */
async function resultsFile(name: string, shard?: string): Promise<string> {
  const file = join(dir, name);
  const results = {
    schema: 'oai-compat.results/v1',
    tool: { name: 'oai-compat', version: '0.1.0', node: process.version, platform: 'linux-x64' },
    target: { baseUrl: 'http://127.0.0.1:9/v1', profile: 'openai', model: 'm', emulator: false },
    ...(shard ? { shard } : {}),
    startedAt: '2026-01-10T10:00:00.000Z',
    finishedAt: '2026-01-10T10:00:30.000Z',
    requests: { sent: 1, pacing: { source: 'unpaced' } },
    summary: { pass: 1, fail: 0, skip: 0, inconclusive: 0 },
    cases: [
      {
        id: shard === '2/2' ? 'request.temperature' : 'request.max_tokens',
        area: 'request',
        subject: 'x',
        declared: 'supported',
        observed: 'ok',
        verdict: 'pass',
        confidence: 'decisive',
        source: null,
        message: 'ok',
        evidence: {},
      },
    ],
  };
  await writeFile(file, JSON.stringify(results));
  return file;
}

describe('start-up: every command other than run loads only what it uses', () => {
  // --help of a report command loads no package at all.
  for (const command of ['merge', 'matrix', 'diff', 'validate', 'checks']) {
    it(`oai-compat ${command} --help loads no package`, async () => {
      const r = await loadedBy([command, '--help']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.files, 'the recorder saw the CLI itself').toContain('dist/cli/main.js');
      expect(r.files.filter((f) => f.includes('node_modules/'))).toEqual([]);
    });
  }

  // validate and checks parse their flags with the one parser before loading anything (cli/main.ts).
  for (const [command, flag] of [
    ['validate', '--bogus'],
    ['checks', '--json=x'],
  ]) {
    it(`oai-compat ${command} ${flag} is refused (exit 2) before its module loads`, async () => {
      const r = await loadedBy([command, flag!]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^oai-compat ${command}: .*see oai-compat ${command} --help`));
      expect(r.files.some((f) => /^dist\/(spec|checks)\//.test(f))).toBe(false);
    });
  }

  it('validate and checks load the loader and the registry, never the test runner, the HTTP client, the SDKs or the report writers', async () => {
    for (const args of [['validate', join(ROOT, 'specs/openai.yaml')], ['checks']]) {
      const r = await loadedBy(args);
      expect(r.status, r.stderr).toBe(0);
      expect(r.files.some((f) => /^dist\/checks\/registry\//.test(f))).toBe(true); // control: the registry is loaded
      expect(r.files.filter((f) => RUN_ONLY.test(f) || RUN_ONLY_OWN.test(f) || /^dist\/report\/(write|allure|junit|html)\.js$/.test(f))).toEqual([]);
    }
  });

  it('merge without --reports and matrix load the results validator (ajv), not the report writers nor anything of a run', async () => {
    const a = await resultsFile('a.json', '1/2');
    const b = await resultsFile('b.json', '2/2');
    const merge = await loadedBy(['merge', a, b, '--out', join(dir, 'merged.json')]);
    expect(merge.status, merge.stderr).toBe(0);
    expect(merge.files.some((f) => /node_modules\/ajv\//.test(f))).toBe(true); // control: it validated its inputs
    expect(merge.files.filter((f) => RUN_ONLY.test(f) || RUN_ONLY_OWN.test(f) || /node_modules\/yaml\//.test(f))).toEqual([]);
    const matrix = await loadedBy(['matrix', a, '--out', join(dir, 'matrix')]);
    expect(matrix.status, matrix.stderr).toBe(0);
    expect(matrix.files.some((f) => /node_modules\/ajv\//.test(f))).toBe(true); // control: it validated its input
    expect(matrix.files.filter((f) => RUN_ONLY.test(f) || RUN_ONLY_OWN.test(f) || /node_modules\/yaml\//.test(f))).toEqual([]);
  });

  it('merge --reports loads the report writers (the control: the recorder would see them)', async () => {
    const a = await resultsFile('c.json', '1/2');
    const b = await resultsFile('d.json', '2/2');
    const r = await loadedBy(['merge', a, b, '--out', join(dir, 'reported', 'results.json'), '--reports']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.files.some((f) => /node_modules\/xmlbuilder2\//.test(f))).toBe(true);
    expect(r.files.some((f) => /node_modules\/allure-js-commons\//.test(f))).toBe(true);
  });
});
