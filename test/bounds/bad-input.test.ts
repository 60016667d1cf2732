/**
 * Item 9 of issue #12: errors of the harness's inputs are not conformance results. Each bad file or
 * folder is exit 2 with one line naming it (and the line, for a cassette), before anything is sent;
 * a failure inside the harness itself is exit 4 with its reason, never "no case could run".
 */
import { describe, it, expect } from 'vitest';
import { mkdtemp, writeFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from '../support/cli.js';
import { CASSETTE_FORMAT, CASSETTE_VERSION } from '../../src/transport/cassette-format.js';

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-input-'));
const header = JSON.stringify({ format: CASSETTE_FORMAT, version: CASSETTE_VERSION, createdAt: '2026-01-01T00:00:00.000Z' });

/** Exit 2, and the reason on one line that names `what` (no usage text, no stack). */
function expectOneLine(r: { code: number; stderr: string }, what: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(what);
  expect(r.stderr).not.toMatch(/internal error|no case could run| {4}at /);
}

describe('bad replay cassettes: exit 2, one line naming the file', () => {
  it('corrupt: names the file and the line', async () => {
    const f = join(await tmp(), 'corrupt.jsonl');
    await writeFile(f, `${header}\n{not json\n{"seq":1}\n`);
    expectOneLine(await cli(['run', '--replay', f, '--out', await tmp()]), new RegExp(`${f.replace(/[.]/g, '\\.')} line 2`));
  });
  it('empty', async () => {
    const f = join(await tmp(), 'empty.jsonl');
    await writeFile(f, '');
    expectOneLine(await cli(['run', '--replay', f, '--out', await tmp()]), /empty\.jsonl: empty file/);
  });
  it('foreign: a JSON file that is not a cassette', async () => {
    const f = join(await tmp(), 'results.json');
    await writeFile(f, JSON.stringify({ schema: 'oai-compat.results/v1' }));
    expectOneLine(await cli(['run', '--replay', f, '--out', await tmp()]), /results\.json: not an oai-compat cassette/);
  });
  it('oversized: refused from its size, without reading it', async () => {
    const f = join(await tmp(), 'huge.jsonl');
    await writeFile(f, header);
    await truncate(f, 300 * 1024 * 1024); // sparse: no disk used
    expectOneLine(await cli(['run', '--replay', f, '--out', await tmp()]), /huge\.jsonl: \d+ bytes, over the cap/);
  });
  it('not a regular file', async () => {
    expectOneLine(await cli(['run', '--replay', '/dev/zero', '--out', await tmp()]), /--replay \/dev\/zero: not a regular file/);
  });
});

describe('bad outputs: exit 2, one line', () => {
  it('--record /dev/full', async () => {
    expectOneLine(await cli(['run', '--record', '/dev/full', '--out', await tmp()]), /--record \/dev\/full: not a regular file/);
  });
  it('a read-only --out', async () => {
    // /sys refuses writes even to root (file modes do not: the tests may run as root).
    expectOneLine(await cli(['run', '--out', '/sys']), /--out \/sys: cannot write there/);
  });
  it('an --out under a file', async () => {
    const f = join(await tmp(), 'file');
    await writeFile(f, 'x');
    expectOneLine(await cli(['run', '--out', join(f, 'sub')]), /--out .*file\/sub: cannot write there \(ENOTDIR\)/);
  });
});

describe('bad flags', () => {
  it('--shard with 20-digit numbers is a usage error, not a crash in the worker', async () => {
    const r = await cli(['run', '--shard', '99999999999999999999/99999999999999999999', '--out', await tmp()]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--shard takes i\/n/);
  });
  it('--deadline and --max-retry-after take durations', async () => {
    const r = await cli(['run', '--deadline', 'soon', '--out', await tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--deadline takes a duration/);
  });
});

describe('a failure of the harness itself', () => {
  it('is exit 4 with the reason printed once, and the cases it kept from running are inconclusive', async () => {
    const out = await tmp();
    const r = await cli(['run', '--only', 'request.model', '--out', out, '--quiet'], { OAI_COMPAT_HARNESS_FAULT: 'context' });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/harness error: injected harness fault .*\(in \d+ suite files\)/);
    expect(r.stderr).toMatch(/the harness itself failed/);
    expect(r.stderr).not.toMatch(/no case could run/);
  });
});
