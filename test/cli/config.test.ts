/**
 * oai-compat.config.yaml: every target run one after the other into <out>/<name>, then their matrix;
 * flags override it; found in the current directory; a bad one is one line per problem with
 * file:line:column; a secret written inline is refused without being echoed.
 */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cliIn, ROOT } from '../support/cli.js';
import { loadConfig } from '../../src/cli/config.js';
import { InputError } from '../../src/cli/exit.js';

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-config-'));

const run = cliIn;

async function configIn(dir: string, text: string, name = 'oai-compat.config.yaml'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

/** The one-line problems of a configuration, as `loadConfig` refuses it. */
async function problems(text: string): Promise<{ file: string; lines: string[] }> {
  const file = await configIn(await tmp(), text);
  try {
    loadConfig(file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return { file, lines: (e as Error).message.split('\n') };
  }
  throw new Error('the configuration was accepted');
}

describe('a configuration of two targets', () => {
  it('runs both into <out>/<name> and builds their matrix; a flag overrides the configured cases; --json sums it up', async () => {
    const dir = await tmp();
    await configIn(
      dir,
      [
        'out: out',
        'title: Two emulators',
        'run:',
        '  only: request.max_tokens,error.unknown-model',
        '  concurrency: 2',
        'targets:',
        '  - name: clean',
        '    profile: openai',
        '  - name: broken',
        '    fault: ignore-max-tokens',
        '',
      ].join('\n'),
    );
    const r = run(['run', '--json', '--only', 'request.max_tokens'], dir);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schema: 'oai-compat.config-run/v1', exitCode: 1, matrix: join(dir, 'out/matrix/index.html') });
    expect(doc.targets.map((t: { name: string; exitCode: number }) => [t.name, t.exitCode])).toEqual([
      ['clean', 0],
      ['broken', 1],
    ]);
    for (const name of ['clean', 'broken']) {
      const results = JSON.parse(await readFile(join(dir, 'out', name, 'results.json'), 'utf8'));
      // The command line's --only replaced the configuration's.
      expect(results.cases.map((c: { id: string }) => c.id)).toEqual(['request.max_tokens']);
      expect(results.target.label).toBe(name);
    }
    const matrix = JSON.parse(await readFile(join(dir, 'out/matrix/index.json'), 'utf8'));
    expect(matrix.targets).toHaveLength(2);
    expect(matrix.title).toBe('Two emulators');
    expect(r.stderr).toMatch(/target 1\/2: clean/);
    expect(r.stderr).toMatch(/FAIL request\.max_tokens/);
  });
});

describe('finding the configuration', () => {
  const CONFIG = 'targets:\n  - name: only-one\n    run:\n      only: request.max_tokens\n';

  it('in the current directory; --profile or --base-url on the command line is a run of its own', async () => {
    const dir = await tmp();
    await configIn(dir, CONFIG);
    const found = run(['run', '--dry-run', '--json'], dir);
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ schema: 'oai-compat.config-run/v1', targets: [{ name: 'only-one' }] });
    const own = run(['run', '--dry-run', '--json', '--profile', 'openai', '--only', 'request.max_tokens'], dir);
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout).schema).toBe('oai-compat.dry-run/v1');
  });

  it('--config FILE names another; its header variables are read from the environment (an unset one is one line)', async () => {
    const dir = await tmp();
    const file = await configIn(
      dir,
      'targets:\n  - name: t\n    baseUrl: http://127.0.0.1:9/v1\n    model: m\n    headers:\n      X-Org: OAI_COMPAT_TEST_ORG\n',
      'other.yaml',
    );
    const unset = run(['run', '--config', file, '--dry-run'], dir);
    expect(unset.code).toBe(2);
    expect(unset.stderr.trim()).toBe(`oai-compat run: ${file}: target "t": --header-env X-Org: $OAI_COMPAT_TEST_ORG is not set`);
    const set = run(['run', '--config', file, '--dry-run', '--only', 'request.max_tokens'], dir, { OAI_COMPAT_TEST_ORG: 'org-1' });
    expect(set.code, set.stderr).toBe(0);
  });
});

describe('a bad configuration: one line per problem, file:line:column', () => {
  it('schema problems, at their place', async () => {
    const { file, lines } = await problems('run:\n  concurrency: 0\ntargets:\n  - name: a\n    colour: red\n');
    expect(lines).toEqual([`${file}:2:16: run.concurrency: must be >= 1`, `${file}:5:5: targets.0.colour: unknown key "colour"`]);
  });

  it('YAML syntax, a missing targets list, two targets of one name, an unknown profile', async () => {
    expect((await problems('targets: [\n')).lines[0]).toMatch(/:2:1: YAML: /);
    const none = await problems('out: x\n');
    expect(none.lines).toEqual([`${none.file}:1:1: missing required key "targets"`]);
    const twice = await problems('targets:\n  - name: a\n  - name: a\n');
    expect(twice.lines).toEqual([`${twice.file}:3:11: targets.1.name: a second target named "a": each target has a folder of its own`]);
    const nope = await problems('targets:\n  - name: a\n    profile: nope\n');
    expect(nope.lines[0]).toMatch(new RegExp(`^${nope.file}:3:14: targets\\.0\\.profile: profile nope: unknown profile; the built-in ones are .*openai`));
  });

  it('a key written inline is refused, and not echoed; so is a header value that is not a variable name', async () => {
    const key = 'sk-live-DO-NOT-ECHO-1234567890';
    const inline = await problems(`targets:\n  - name: a\n    apiKey: ${key}\n`);
    expect(inline.lines).toEqual([
      `${inline.file}:3:5: targets.0.apiKey: a secret is never written in the configuration: name the environment variable that holds it (apiKeyEnv: NAME, or headers: {Header-Name: VAR})`,
    ]);
    const header = await problems(`targets:\n  - name: a\n    headers:\n      X-Goog-Api-Key: "${key}"\n      Authorization: AUTH_VAR\n`);
    expect(header.lines).toEqual([
      `${header.file}:4:23: targets.0.headers.X-Goog-Api-Key: a header's value is the name of the environment variable that holds it, not the value (not shown)`,
      `${header.file}:5:7: targets.0.headers.Authorization: this header carries the key: name its variable with apiKeyEnv instead`,
    ]);
    for (const l of [...inline.lines, ...header.lines]) expect(l).not.toContain('DO-NOT-ECHO');
  });

  it('through the command: exit 2, stderr only, nothing run', async () => {
    const dir = await tmp();
    await configIn(dir, 'targets:\n  - name: a\n    token: abc\n');
    const r = run(['run'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^oai-compat run: .*oai-compat\.config\.yaml:3:5: targets\.0\.token: a secret is never written/);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });
});

describe('the published schema and the README', () => {
  it("README's example configuration is valid", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const block = /```yaml\n(# oai-compat\.config\.yaml[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'a ```yaml block starting "# oai-compat.config.yaml" in README.md').toBeDefined();
    const file = await configIn(await tmp(), block!);
    const config = loadConfig(file);
    expect(config.targets.length).toBeGreaterThan(1);
  });
});
