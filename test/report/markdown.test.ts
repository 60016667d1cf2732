import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendStepSummary, renderMarkdown, STEP_SUMMARY_LIMIT_BYTES } from '../../src/report/markdown.js';
import { mdCode, mdLink, mdText } from '../../src/report/escape.js';
import { HOSTILE_SCRIPT, makeCase, makeResults, sampleResults } from './fixtures.js';

/** Cells of a markdown table row, splitting on pipes that are not backslash-escaped (what GFM does). */
function cells(line: string): string[] {
  return line
    .replace(/^\|\s?|\s?\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(sampleResults());
  const lines = md.split('\n');

  it('titles the report with the target and states the summary and request counts', () => {
    expect(lines[0]).toBe('# oai-compat report: parallel · speed');
    expect(md).toContain('Target `https://api.example.test/v1` · profile `parallel` · model `speed`');
    // Both verdicts are counted, with the legend that tells them apart.
    expect(md).toContain('**As documented: 3 pass · 2 fail · 1 skip · 1 inconclusive** · **OpenAI parity: 1 pass · 1 fail · 0 skip · 0 inconclusive**');
    expect(md).toContain('"OpenAI parity": it behaves as OpenAI does');
    expect(md).toContain('requests: 4 sent, 1 retried, 3 shared');
    expect(md).toContain('42.5 s');
  });

  it('leads with the findings, then one table per area present, in the fixed area order', () => {
    const headings = lines.filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## Findings', '## Request (3)', '## Response (1)', '## Stream (1)', '## Error (1)', '## Performance (1)']);
  });

  it('has the documented columns, with OpenAI parity when a case carries it', () => {
    const header = lines.find((l) => l.startsWith('| Case'))!;
    expect(cells(header)).toEqual(['Case', 'Declared', 'Observed', 'Verdict', 'Confidence', 'OpenAI parity', 'Message', 'Source']);
    const n = lines.find((l) => l.startsWith('| `request.n`'))!;
    expect(cells(n)[5]).toBe('❌ fail (OpenAI: `supported`)');
  });

  it('omits the parity column when no case has parity', () => {
    const plain = renderMarkdown(makeResults([makeCase({ id: 'request.seed' })]));
    expect(plain).not.toContain('OpenAI parity');
    expect(cells(plain.split('\n').find((l) => l.startsWith('| Case'))!)).toHaveLength(7);
  });

  it('keeps every row at the header width even when messages hold pipes, markup and newlines', () => {
    const table = lines.filter((l) => l.startsWith('|'));
    const width = cells(table[0]!).length;
    for (const row of table) expect(cells(row), row).toHaveLength(width);
    const hostile = lines.find((l) => l.startsWith('| `request.logprobs`'))!;
    expect(hostile).not.toContain(HOSTILE_SCRIPT);
    expect(hostile).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(hostile).toContain('<br>second line');
    expect(hostile).toContain('\\[click\\](javascript:alert(1))');
    // Markup from the target only ever appears inside a code span, where GFM shows it as text.
    const usage = cells(lines.find((l) => l.startsWith('| `response.usage.total_tokens`'))!);
    expect(usage[2]).toBe('`populated \\| <img src=x onerror="window.__pwned=1">`');
    expect(md.split('\n').filter((l) => l.includes('<img'))).toEqual([lines.find((l) => l.startsWith('| `response.usage'))]);
  });

  it('links the source when it has an http(s) URL, else shows it as text', () => {
    const maxTokens = lines.find((l) => l.startsWith('| `request.max_tokens`'))!;
    expect(cells(maxTokens)[7]).toBe('[parallel-chat-api.md · Supported parameters](https://docs.parallel.ai/chat-api#parameters)');
    const ttft = lines.find((l) => l.startsWith('| `performance.ttft`'))!;
    expect(ttft).not.toContain('javascript:');
    expect(cells(lines.find((l) => l.startsWith('| `stream.done-sentinel`'))!)[7]).toBe('parallel-chat-api.md · Supported parameters');
  });

  it('says so when no case ran', () => {
    expect(renderMarkdown(makeResults([]))).toContain('_No cases ran._');
  });
});

describe('markdown escaping', () => {
  it('code spans survive backticks and pipes', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b')).toBe('`a\\|b`');
    expect(mdCode('a|b', false)).toBe('`a|b`');
    expect(mdCode('')).toBe('');
  });
  it('a value with hundreds of thousands of backtick runs renders (no stack overflow)', () => {
    const observed = `${'`a'.repeat(300_000)}\`\`\``;
    expect(mdCode(observed).startsWith('```` ')).toBe(true);
    expect(() => renderMarkdown(makeResults([makeCase({ id: 'request.ticks', observed })]))).not.toThrow();
  });
  it('text escapes markup and flattens line breaks', () => {
    expect(mdText('*a* _b_ <i> ~c~ & \\')).toBe('\\*a\\* \\_b\\_ \\<i\\> \\~c\\~ \\& \\\\');
    expect(mdText('a\r\nb\nc')).toBe('a<br>b<br>c');
  });
  it('links only http(s) URLs and keeps the destination intact', () => {
    expect(mdLink('doc', 'https://x.test/a b(c)')).toBe('[doc](https://x.test/a%20b%28c%29)');
    expect(mdLink('doc', 'javascript:alert(1)')).toBe('doc');
    expect(mdLink('doc', 'not a url')).toBe('doc');
  });
});

describe('appendStepSummary', () => {
  it('does nothing outside GitHub Actions', async () => {
    expect(await appendStepSummary('# hi', {})).toBe(false);
  });

  it('appends to $GITHUB_STEP_SUMMARY, keeping what earlier steps wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oai-report-'));
    const file = join(dir, 'summary.md');
    await writeFile(file, 'earlier step\n');
    expect(await appendStepSummary('# one', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(await appendStepSummary('# two\n', { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('earlier step\n# one\n\n# two\n\n');
  });

  it('cuts a report that would exceed GitHub’s 1 MiB summary limit at a line boundary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oai-report-'));
    const file = join(dir, 'summary.md');
    const line = `| ${'é'.repeat(500)} |\n`;
    await appendStepSummary(line.repeat(2000), { GITHUB_STEP_SUMMARY: file });
    const written = await readFile(file, 'utf8');
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT_BYTES + 1);
    expect(written).toContain('Report truncated');
    const body = written.slice(0, written.indexOf('\n_Report truncated'));
    for (const l of body.split('\n').filter(Boolean)) expect(l).toBe(line.trimEnd());
  });
});
