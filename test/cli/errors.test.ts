/**
 * Errors as a user meets them: one line, one prefix (`oai-compat <command>: `), the usage only on --help,
 * exit 2; an unknown profile lists the built-in ones and names no internal path.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT } from '../support/cli.js';

const PROFILES = readdirSync(join(ROOT, 'specs'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe('usage and input errors', () => {
  const cases: Array<[string[], RegExp]> = [
    [['run', '--bogus'], /^oai-compat run: Unknown option '--bogus'.* \(see oai-compat run --help\)$/],
    [['run', '--concurrency', '0'], /^oai-compat run: --concurrency takes a whole number from 1 to 64, got "0" \(see oai-compat run --help\)$/],
    [['run', '--profile', './no-such-profile.yaml'], /^oai-compat run: --profile \.\/no-such-profile\.yaml: no such file$/],
    [['serve', '--port', 'x'], /^oai-compat serve: --port takes a whole number .* \(see oai-compat serve --help\)$/],
    [['validate', '--bogus'], /^oai-compat validate: Unknown option '--bogus'.* \(see oai-compat validate --help\)$/],
    [['diff', 'only-one.json'], /^oai-compat diff: diff needs exactly two files .* \(see oai-compat diff --help\)$/],
    [['merge'], /^oai-compat merge: merge needs at least one results file \(see oai-compat merge --help\)$/],
    [['matrix', 'no-such.json', '--out', '/tmp/never-written'], /^oai-compat matrix: .*no-such\.json: no such file$/],
    // A folder that refuses new entries with ENOENT: Node's recursive mkdir never returned there (the command hung).
    [['run', '--out', '/proc/oai-compat-out'], /^oai-compat run: --out \/proc\/oai-compat-out: cannot write there \(ENOENT\)$/],
    [['matrix', '--documented', '--out', '/proc/oai-compat-out'], /^oai-compat matrix: cannot write \/proc\/oai-compat-out: ENOENT/],
    [['frobnicate'], /^oai-compat: unknown command "frobnicate" \(commands: run, serve, validate, checks, diff, merge, matrix.*; see oai-compat --help\)$/],
  ];
  for (const [args, line] of cases) {
    it(`oai-compat ${args.join(' ')}: one line, exit 2, no usage`, async () => {
      const r = await cli(args, { NO_COLOR: '1' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(line);
      expect(r.stderr).not.toMatch(/Usage:/);
    });
  }

  it('run --profile nope: the built-in profiles, no internal path, no fake :0:0', async () => {
    const r = await cli(['run', '--profile', 'nope'], { NO_COLOR: '1' });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oai-compat run: --profile nope: unknown profile; the built-in ones are /);
    for (const p of PROFILES) expect(lines[0]).toContain(p);
    expect(lines[0]).not.toContain(ROOT);
    expect(lines[0]).not.toMatch(/specs\/|:0:0|\.yaml:/);
  });

  it('a profile that is not a regular file: named, with no fake position', async () => {
    const r = await cli(['run', '--profile', '/dev/null'], { NO_COLOR: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('oai-compat run: /dev/null: not a regular file: a profile is a YAML file\n');
  });

  it('--help prints the usage on stdout, exit 0, for every command', async () => {
    for (const c of ['run', 'serve', 'validate', 'diff', 'merge', 'matrix']) {
      const r = await cli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(new RegExp(`^Usage: oai-compat ${c}`));
      expect(r.stderr, c).toBe('');
    }
  });
});
