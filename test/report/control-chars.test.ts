/**
 * Terminal injection (issue #12 item 12): text from the target reaches no terminal and no text report
 * with a control character that acts; it is shown as its visible escape instead.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { plainText, escapeHtml, mdText, mdCode } from '../../src/report/escape.js';
import { terminalText, sweepOutputFolder, safeForWriters } from '../../src/cli/output.js';
import { clearSecrets, registerSecret } from '../../src/transport/redact.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { processIO } from '../../src/report/command.js';
import { sampleResults } from './fixtures.js';

const HOSTILE = 'model\x1b[2J\x1b]0;title\x07\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\\u009b31m\r\u202eevil\u202c\x7f\x00end';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('control characters', () => {
  afterEach(() => clearSecrets());

  it('plainText shows each as a visible \\uXXXX escape, keeps line feeds and tabs, and leaves ordinary text alone', () => {
    const out = plainText(HOSTILE);
    expect(RAW_CONTROL.test(out)).toBe(false);
    expect(out).toBe(
      'model\\u001b[2J\\u001b]0;title\\u0007\\u001b]8;;http://evil.example/\\u001b\\link\\u001b]8;;\\u001b\\\\u009b31m\\u000d\\u202eevil\\u202c\\u007f\\u0000end',
    );
    expect(plainText('a\r\nb\tc\nd — é ✓ 日本')).toBe('a\nb\tc\nd — é ✓ 日本');
  });

  it('the \\uXXXX spelling keeps a JSON text valid and meaning the same', () => {
    const json = JSON.stringify({ id: 'x\u009b\u202ey' });
    expect(JSON.parse(plainText(json))).toEqual({ id: 'x\u009b\u202ey' });
  });

  it('every escape function for a report strips them too', () => {
    for (const f of [escapeHtml, mdText, (v: unknown) => mdCode(v), terminalText as (v: unknown) => string]) expect(RAW_CONTROL.test(f(HOSTILE))).toBe(false);
  });

  it('report.md and report.html rendered from hostile results carry no raw control character', () => {
    const r = sampleResults();
    r.cases[0]!.message = HOSTILE;
    r.cases[0]!.observed = HOSTILE;
    r.target.model = HOSTILE;
    expect(RAW_CONTROL.test(renderMarkdown(r))).toBe(false);
    expect(RAW_CONTROL.test(renderHtml(r))).toBe(false);
  });

  it('the report commands write to the terminal through the same filter', () => {
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stdout.write;
    try {
      processIO.stdout(HOSTILE);
    } finally {
      process.stdout.write = orig;
    }
    expect(RAW_CONTROL.test(writes.join(''))).toBe(false);
  });
});

describe('the last sweep over the output folder', () => {
  afterEach(() => clearSecrets());

  it('masks a secret in any file (Allure, junit) and makes control characters visible in text files only', async () => {
    const key = 'sk-sweep-test-0123456789abcdef';
    registerSecret(key);
    const dir = await mkdtemp(join(tmpdir(), 'oai-compat-sweep-'));
    await mkdir(join(dir, 'allure-results'));
    await writeFile(join(dir, 'junit.xml'), `<testcase name="x"><failure message="${key} \x1b[2J"/></testcase>\n`);
    await writeFile(
      join(dir, 'allure-results', 'a-attachment.json'),
      JSON.stringify({ body: `{"k":"${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}` }),
    );
    await writeFile(join(dir, 'clean.json'), '{"ok":true}');
    const changed = await sweepOutputFolder(dir);
    expect(changed.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['allure-results/a-attachment.json', 'junit.xml']);
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit).not.toContain(key);
    expect(junit).toContain('\\u001b[2J');
    expect(await readFile(join(dir, 'allure-results', 'a-attachment.json'), 'utf8')).not.toMatch(/\\\\u0073\\\\u006b/);
  });

  it('safeForWriters masks every string of the results before any writer (and any preview) sees them', () => {
    const key = 'sk-writers-test-0123456789abcdef';
    registerSecret(key);
    const r = safeForWriters({ target: { baseUrl: `http://h/${key}/v1` }, cases: [{ message: `preview ${key.slice(0, 40)}` }] });
    expect(JSON.stringify(r)).not.toContain(key);
  });
});
