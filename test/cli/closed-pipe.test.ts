/**
 * A reader that goes away (`oai-compat run ... | head -1`): the pipe closes after the first line, and every
 * later write fails with EPIPE. The run must go on: its files written and its own exit code, not a stack
 * trace and exit 1 (a conformance verdict for a clean run).
 */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/cli.js';

describe('stdout closed by its reader', () => {
  it('a clean run whose stdout reader has gone exits 0 and writes its reports', async () => {
    const out = mkdtempSync(join(tmpdir(), 'oai-compat-pipe-'));
    const child = spawn(process.execPath, [`${ROOT}bin/oai-compat.js`, 'run', '--profile', 'parallel', '--only', 'request.n,error.', '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    // The reader is gone before the first line (as after `head -1`'s first line): every write meets EPIPE.
    child.stdout.destroy();
    const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code, stderr).toBe(0);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  }, 120_000);
});
