/**
 * Machine-readable output and colour: `run --json` and `validate --json` print one JSON document on
 * stdout and nothing else; colour only on a colour terminal (or FORCE_COLOR), never when piped or with
 * NO_COLOR; vitest's own lines (its junit "report written", its cursor codes) never reach the run's
 * output, --quiet or not, on a terminal too.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli, ROOT } from '../support/cli.js';
import { colourEnabled, paint } from '../../src/cli/colour.js';

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-json-'));
const ESC = /\x1b\[/;
const SMALL = ['--only', 'request.max_tokens,error.unknown-model'];

describe('run --json', () => {
  it('stdout is one JSON document, the summary; the lines for a person go to stderr, uncoloured when piped', async () => {
    const out = await tmp();
    const r = await cli(['run', '--json', '--out', out, ...SMALL]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(doc).toMatchObject({ schema: 'oai-compat.run-summary/v1', exitCode: 0, summary: results.summary, failures: [] });
    expect(doc.target.profile).toBe('openai');
    expect(doc.reports.junit).toBe(join(out, 'junit.xml'));
    expect(r.stderr).toMatch(/openai @ .*: .*passed/);
    expect(r.stdout + r.stderr).not.toMatch(ESC);
  });

  it('a failing run: exit 1 in the document too, with its failures', async () => {
    const out = await tmp();
    const r = await cli(['run', '--json', '--out', out, '--fault', 'ignore-max-tokens', '--only', 'request.max_tokens']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.exitCode).toBe(1);
    expect(doc.failures.map((f: { id: string }) => f.id)).toEqual(['request.max_tokens']);
  });

  it('--dry-run --json: the plan as one document', async () => {
    const r = await cli(['run', '--dry-run', '--json', ...SMALL]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('oai-compat.dry-run/v1');
    expect(doc.requests).toBe(doc.planned.length);
    expect(doc.requests).toBeGreaterThan(0);
  });

  it('colour with FORCE_COLOR (a terminal stands in), none when NO_COLOR is set as well', async () => {
    const coloured = await cli(['run', '--out', await tmp(), '--only', 'request.max_tokens'], { FORCE_COLOR: '1' });
    expect(coloured.stdout).toMatch(/\x1b\[32m.*passed/);
    const plain = await cli(['run', '--out', await tmp(), '--only', 'request.max_tokens'], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(plain.stdout).not.toMatch(ESC);
  });
});

describe('validate --json', () => {
  it('the problems, with file, line and column, as one document; exit 2', async () => {
    const f = join(await tmp(), 'bad.yaml');
    await writeFile(f, 'profile: bad\ntitle: x\nextends: openai\nrequest:\n  max_tokens:\n    status: sometimes\n');
    const r = await cli(['validate', '--json', f]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schema: 'oai-compat.validate/v1', ok: false, files: [] });
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(doc.problems[0]).toMatchObject({ file: f, line: 6 });
    expect(r.stderr).toContain(`${f}:6:`);
  });

  it('valid profiles: ok, the files, no problems; the "ok" lines are not on stdout', async () => {
    const r = await cli(['validate', '--json', 'openai', 'parallel']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.problems).toEqual([]);
    expect(doc.files).toEqual([join(ROOT, 'specs/openai.yaml'), join(ROOT, 'specs/parallel.yaml')]);
  });
});

describe('when to colour', () => {
  const tty = { isTTY: true, hasColors: () => true };
  it('a colour terminal, unless NO_COLOR or TERM=dumb; a pipe only with FORCE_COLOR', () => {
    expect(colourEnabled(tty, {})).toBe(true);
    expect(colourEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled(tty, { TERM: 'dumb' })).toBe(false);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({}, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled({}, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourEnabled({ isTTY: true, hasColors: () => false }, {})).toBe(false);
    expect(paint('x', 'fail', false)).toBe('x');
    expect(paint('x', 'pass', true)).toBe('\x1b[32mx\x1b[39m');
  });
});

describe('on a real terminal', () => {
  // util-linux `script` gives the command a pseudo-terminal, as a user's shell would.
  const hasScript = existsSync('/usr/bin/script');
  it.skipIf(!hasScript)('--quiet: the summary only, no vitest line, no cursor codes; coloured (a terminal)', async () => {
    const out = await tmp();
    const command = `${process.execPath} ${join(ROOT, 'bin/oai-compat.js')} run --quiet --out ${out} --only request.max_tokens`;
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
    for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'GITHUB_STEP_SUMMARY']) delete env[k];
    const r = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
      timeout: 540_000,
    });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(/JUNIT|report written/i);
    expect(r.stdout).not.toMatch(/\x1b\[\?25[lh]/);
    expect(r.stdout).toMatch(/\x1b\[32m.*passed/);
    expect(r.stdout.split(/\r?\n/)[0]).toMatch(/^(\x1b\[\d+m)?openai @ /);
  });
});
