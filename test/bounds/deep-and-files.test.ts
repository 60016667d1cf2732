/**
 * Items 6, 7, 10 and 11 of issue #12: hostile files and bodies get one line and exit 2, in linear time.
 * Profiles: an alias bomb, a harmless reuse of one anchor past the alias limit, /dev/zero, a FIFO and an
 * oversized file. Deep JSON: refused by a one-pass pre-scan (a million levels included), in answers and
 * in the results files merge reads; a well-formed body of ordinary depth still parses.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile, readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from '../support/cli.js';
import { depthExceededAt, parseJsonBounded, MAX_JSON_DEPTH } from '../../src/transport/json-depth.js';
import { bodyJson, bodyJsonProblem } from '../../src/transport/http.js';
import { parseAndValidate, ProfileError } from '../../src/spec/load.js';
import type { Exchange } from '../../src/transport/types.js';

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-deep-'));
const nested = (n: number, inner = '0') => '['.repeat(n) + inner + ']'.repeat(n);
const exchangeWith = (body: string): Exchange => ({
  id: 'x1',
  request: { method: 'POST', url: 'http://127.0.0.1/v1/chat/completions', headers: {} },
  response: { status: 200, headers: {}, reads: [{ t: 1, bytes: new TextEncoder().encode(body) }], bodyBytes: body.length, truncated: false },
  timings: { startedAt: 0 },
});

function profileProblem(file: string): string {
  try {
    parseAndValidate(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    return (e as Error).message;
  }
  throw new Error(`${file} was accepted`);
}

describe('profile files', () => {
  it('a billion-laughs profile: exit 2 with file:line:col, not an internal error', async () => {
    const f = join(await tmp(), 'laughs.yaml');
    await writeFile(
      f,
      [
        'profile: bomb',
        'title: x',
        'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        '',
      ].join('\n'),
    );
    const r = await cli(['validate', f]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/\./g, '\\.')}:4:8: YAML: Excessive alias count`));
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('a harmless reuse of one anchor past the limit is a ProfileError with its position', async () => {
    const f = join(await tmp(), 'reuse.yaml');
    await writeFile(f, `profile: reuse\ntitle: x\nv: &v 1\nlist: [${Array(150).fill('*v').join(', ')}]\n`);
    expect(profileProblem(f)).toMatch(/reuse\.yaml:4:\d+: YAML: Excessive alias count/);
  });

  it('/dev/zero and a FIFO are refused before reading (no growth, no hang)', async () => {
    expect(profileProblem('/dev/zero')).toMatch(/\/dev\/zero:0:0: not a regular file/);
    const fifo = join(await tmp(), 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(profileProblem(fifo)).toMatch(/fifo\.yaml:0:0: not a regular file/);
    const r = await cli(['validate', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('/dev/zero:0:0: not a regular file: a profile is a YAML file');
  });

  it('a file over the size cap is refused from its size', async () => {
    const f = join(await tmp(), 'big.yaml');
    await writeFile(f, 'profile: big\n');
    await truncate(f, 5 * 1024 * 1024);
    expect(profileProblem(f)).toMatch(/big\.yaml:0:0: \d+ bytes, over the cap of 4194304 bytes/);
  });
});

describe('deep JSON', () => {
  it('the pre-scan counts brackets outside strings only, escapes included', () => {
    expect(depthExceededAt('{"a":[1,{"b":"[[[[[[\\"[[["}]}', 3)).toBe(-1);
    expect(depthExceededAt('{"a":[1,{"b":"[[[[[[\\"[[["}]}', 2)).toBe(8);
    expect(depthExceededAt('[[["x"]]]', 2)).toBe(2);
    expect(depthExceededAt(nested(MAX_JSON_DEPTH))).toBe(-1);
    expect(depthExceededAt(nested(MAX_JSON_DEPTH + 1))).toBe(MAX_JSON_DEPTH);
  });

  it('a million levels are refused with a finding (one linear pass; the test timeout is the only clock)', () => {
    const p = parseJsonBounded(nested(1_000_000));
    expect(p.ok).toBe(false);
    expect(!p.ok && p.error).toMatch(/nested deeper than 512 levels \(at character 512\)/);
    const ex = exchangeWith(nested(1_000_000));
    expect(bodyJson(ex)).toBeUndefined();
    expect(bodyJsonProblem(ex)).toMatch(/nested deeper than 512 levels/);
  });

  it('an ordinary body parses once, and the value every case shares cannot be changed by one of them', () => {
    const ex = exchangeWith(JSON.stringify({ choices: [{ message: { content: 'hi' } }], deep: JSON.parse(nested(100)) }));
    const a = bodyJson(ex) as { choices: Array<{ message: { content: string } }> };
    expect(a.choices[0]!.message.content).toBe('hi');
    expect(bodyJson(ex)).toBe(a);
    expect(() => {
      a.choices[0]!.message.content = 'changed';
    }).toThrow(TypeError);
    expect(bodyJsonProblem(ex)).toBeUndefined();
  });

  it('merge refuses a results file with deep evidence: exit 2, one line naming the file', async () => {
    const dir = await tmp();
    const f = join(dir, 'deep.json');
    await writeFile(f, `{"schema":"oai-compat.results/v1","cases":[{"evidence":${nested(200_000)}}]}`);
    const r = await cli(['merge', f, '--out', join(dir, 'merged.json')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/deep\.json: nested deeper than 512 levels/);
    expect(r.stderr).not.toMatch(/internal error|Maximum call stack/);
    await expect(readFile(join(dir, 'merged.json'))).rejects.toThrow();
  });

  it('merge into an unwritable --out: exit 2, one line', async () => {
    const dir = await tmp();
    const f = join(dir, 'r.json');
    await writeFile(
      f,
      JSON.stringify({
        schema: 'oai-compat.results/v1',
        tool: { name: 'oai-compat', version: '0' },
        target: { baseUrl: 'http://x', profile: 'openai', model: 'm' },
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:01.000Z',
        requests: { sent: 0 },
        summary: { pass: 0, fail: 0, skip: 0, inconclusive: 0 },
        cases: [],
      }),
    );
    const r = await cli(['merge', f, '--out', '/sys/merged.json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});
