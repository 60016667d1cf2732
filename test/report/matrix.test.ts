import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreBadge, scoreOf, scoreText } from '../../src/report/badge.js';
import { buildMatrix, matrixCommand, type Matrix } from '../../src/report/matrix.js';
import { renderMatrixMarkdown } from '../../src/report/matrix-markdown.js';
import { renderMatrixHtml } from '../../src/report/matrix-html.js';
import { captureIO, HOSTILE_SCRIPT, makeResults, matrixRuns, sampleResults } from './fixtures.js';

const withoutCodeSpans = (md: string) => md.replace(/(`+)[\s\S]*?\1/g, '');

describe('buildMatrix', () => {
  const m = buildMatrix(matrixRuns());

  it('makes one column per target, labelled label ?? profile · model, with its host', () => {
    expect(m.targets.map((t) => [t.slug, t.label, t.host])).toEqual([
      ['parallel-speed', 'parallel · speed', 'api.example.test'],
      ['openai-gpt-4o-mini', 'openai · gpt-4o-mini', 'api.openai.com'],
      ['flexai-gateway', 'FlexAI gateway', 'gw.example.test'],
    ]);
  });

  it('has every case any target ran, in area order, and one cell per case a target ran', () => {
    expect(m.cases.map((c) => c.id)).toEqual([
      'request.logprobs',
      'request.max_tokens',
      'request.n',
      'response.usage.total_tokens',
      'stream.done-sentinel',
      'error.missing-messages',
      'endpoint.embeddings',
      'performance.ttft',
    ]);
    expect(m.cells).toHaveLength(7 + 7 + 3);
    expect(m.cells.find((c) => c.case === 'stream.done-sentinel' && c.target === 'flexai-gateway')).toBeUndefined();
  });

  it('scores pass / (pass + fail), leaving skips and inconclusive cases out', () => {
    expect(m.targets.map((t) => scoreText(t.score))).toEqual(['60% (3/5)', '100% (7/7)', '66% (2/3)']);
    expect(scoreText(scoreOf({ pass: 123, fail: 1, skip: 50, inconclusive: 9 }))).toBe('99% (123/124)');
    expect(scoreText(scoreOf({ pass: 0, fail: 0, skip: 4, inconclusive: 1 }))).toBe('n/a');
  });

  it('counts the OpenAI-parity verdicts of a column beside its documented ones, and shows them in the cells', () => {
    const parallel = buildMatrix([sampleResults()]);
    expect(parallel.targets[0]!.parity).toEqual({ pass: 1, fail: 1, skip: 0, inconclusive: 0 });
    expect(scoreText(parallel.targets[0]!.parityScore!)).toBe('50% (1/2)');
    const md = renderMatrixMarkdown(parallel);
    expect(md).toContain('50% (1/2): 1 pass · 1 fail · 0 skip · 0 inconclusive');
    expect(md).toMatch(/\(OpenAI parity ❌\)/);
    expect(renderMatrixHtml(parallel)).toContain('parity 50% (1/2)');
  });

  it('merges shards of one target into one column, and refuses two full runs of the same target', () => {
    const full = sampleResults();
    const a = makeResults(full.cases.slice(0, 3), { shard: '1/2' });
    const b = makeResults(full.cases.slice(3), { shard: '2/2' });
    const merged = buildMatrix([a, b]);
    expect(merged.targets).toHaveLength(1);
    expect(merged.targets[0]!.summary).toEqual(full.summary);
    expect(() => buildMatrix([full, sampleResults()], { names: ['mon.json', 'tue.json'] })).toThrow(
      /^mon\.json and tue\.json are runs of the same target \(parallel · speed, api\.example\.test\); give them distinct target labels/,
    );
  });

  it('gives colliding targets distinct slugs', () => {
    const one = sampleResults();
    const two = { ...sampleResults(), target: { ...one.target, baseUrl: 'https://eu.example.test/v1' } };
    expect(buildMatrix([one, two]).targets.map((t) => t.slug)).toEqual(['parallel-speed', 'parallel-speed-eu-example-test']);
  });
});

describe('matrix renderers', () => {
  let m: Matrix;
  beforeAll(() => void (m = buildMatrix(matrixRuns())));

  it('markdown: a score table and an escaped table per area with a column per target', () => {
    const md = renderMatrixMarkdown(m);
    expect(md).toContain('| ![60% (3/5)](badges/parallel-speed.svg) parallel · speed | api.example.test |');
    const header = md.split('\n').find((l) => l.startsWith('| Case'))!;
    expect(header).toBe('| Case | parallel · speed<br>api.example.test | openai · gpt-4o-mini<br>api.openai.com | FlexAI gateway<br>gw.example.test |');
    expect(md).toContain('| `stream.done-sentinel` | ❌ `absent` | ✅ `present` [§](https://platform.openai.com/docs/api-reference/chat) | — |');
    // Target text with markup only ever appears inside a code span, where GFM shows it as text.
    expect(md).toContain('`ignored <script>alert(1)</script>`');
    expect(withoutCodeSpans(md)).not.toMatch(/<(script|img)/);
  });

  it('html: a column per target and a coloured cell per case, hostile text escaped', () => {
    const html = renderMatrixHtml(m);
    expect(html.match(/<th data-target=/g)).toHaveLength(3);
    expect(html.match(/<tr id="r\d+" data-case-id=/g)).toHaveLength(8);
    expect(html).toContain('class="cell c-fail" data-target="flexai-gateway" data-verdict="fail"');
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('badge: shields-style SVG with the score text and colour', () => {
    const svg = scoreBadge({ pass: 120, fail: 4, skip: 3, inconclusive: 1 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="20"/);
    expect(svg).toContain('<title>oai-compat: 96% (120/124)</title>');
    expect(svg).toContain('fill="#97ca00"');
  });

  it('badge with OpenAI parity: names both scores and takes the colour of the lower one', () => {
    const svg = scoreBadge({ pass: 100, fail: 0, skip: 70, inconclusive: 0 }, { pass: 65, fail: 35, skip: 70, inconclusive: 0 });
    expect(svg).toContain('<title>oai-compat: documented 100% (100/100) · parity 65% (65/100)</title>');
    expect(svg).toContain('fill="#dfb317"');
  });
});

describe('matrixCommand', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oai-matrix-'));
    await Promise.all(matrixRuns().map((r, i) => writeFile(join(dir, `run${i}.json`), JSON.stringify(r))));
  });

  it('writes index.html, matrix.md, index.json and a badge per target', async () => {
    const io = captureIO();
    const out = join(dir, 'site');
    expect(await matrixCommand([0, 1, 2].map((i) => join(dir, `run${i}.json`)).concat(['--out', out]), io)).toBe(0);
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as Matrix;
    expect(index.schema).toBe('oai-compat.matrix/v1');
    expect(index.targets.map((t) => t.badge)).toEqual(['badges/parallel-speed.svg', 'badges/openai-gpt-4o-mini.svg', 'badges/flexai-gateway.svg']);
    for (const t of index.targets) expect(await readFile(join(out, t.badge), 'utf8')).toContain(scoreText(t.score));
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('<title>oai-compat compatibility matrix</title>');
    expect(await readFile(join(out, 'matrix.md'), 'utf8')).toMatch(/^# oai-compat compatibility matrix\n/);
    expect(io.err).toContain('matrix of 3 targets × 8 cases');
  });

  it("links a column and its cells to the run's report.html when one sits beside the results file", async () => {
    const withReport = join(dir, 'with-report');
    await mkdir(withReport, { recursive: true });
    await writeFile(join(withReport, 'results.json'), JSON.stringify(matrixRuns()[0]));
    await writeFile(join(withReport, 'report.html'), '<!doctype html><title>r</title>');
    const out = join(dir, 'site-reports');
    expect(await matrixCommand([join(withReport, 'results.json'), join(dir, 'run1.json'), '--out', out], captureIO())).toBe(0);
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as Matrix;
    expect(index.targets.map((t) => t.report)).toEqual(['../with-report/report.html', null]);
    const cell = index.cells.find((c) => c.case === 'request.n' && c.target === index.targets[0]!.slug)!;
    expect(cell.report).toBe('../with-report/report.html#case-request.n');
    expect(index.cells.find((c) => c.target === index.targets[1]!.slug)!.report).toBeNull();
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<a class="src" href="../with-report/report.html#case-request.n" title="this case in the run\'s report">report</a>');
  });

  it('writes the same bytes for the same inputs', async () => {
    const files = [0, 1, 2].map((i) => join(dir, `run${i}.json`));
    await matrixCommand([...files, '--out', join(dir, 'a')], captureIO());
    await matrixCommand([...files, '--out', join(dir, 'b')], captureIO());
    for (const f of ['index.html', 'matrix.md', 'index.json']) {
      expect(await readFile(join(dir, 'a', f), 'utf8')).toBe(await readFile(join(dir, 'b', f), 'utf8'));
    }
  });

  it('exits 2 without --out, on a bad file and on --bogus; 0 on --help', async () => {
    let io = captureIO();
    expect(await matrixCommand([join(dir, 'run0.json')], io)).toBe(2);
    expect(io.err).toBe('error: matrix needs --out DIR (see oai-compat matrix --help)\n');
    io = captureIO();
    expect(await matrixCommand([join(dir, 'nope.json'), '--out', join(dir, 'x')], io)).toBe(2);
    expect(io.err).toBe(`error: ${join(dir, 'nope.json')}: no such file\n`);
    io = captureIO();
    expect(await matrixCommand([join(dir, 'run0.json'), '--out', join(dir, 'run1.json')], io)).toBe(2); // --out names a file
    expect(io.err).toMatch(/^error: cannot write .*run1\.json.*: a part of the path is a file, not a directory\n$/);
    io = captureIO();
    expect(await matrixCommand(['--bogus'], io)).toBe(2);
    io = captureIO();
    expect(await matrixCommand(['-h'], io)).toBe(0);
    expect(io.out).toContain('pass / (pass + fail)');
  });
});
