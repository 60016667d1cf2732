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
