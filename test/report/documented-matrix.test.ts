/**
 * The documented matrix (`matrix --documented`): rendered from the profiles alone, committed under docs/matrix/
 * and never stale; its JSON matches the published schema; every cell links to its source (checked in Chromium,
 * local links resolving to files that exist); measured runs sit beside their provider with disagreements outlined
 * and cells linking to the run's report.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newAjv } from '../../src/spec/ajv.js';
import { buildDocumentedMatrix } from '../../src/spec/documented-matrix.js';
import { measuredColumns, writeDocumentedSite } from '../../src/report/matrix-documented.js';
import { matrixCommand } from '../../src/report/matrix.js';
import { HAS_CHROMIUM, CHROMIUM, launchChromium } from '../support/chromium.js';
import { captureIO, makeCase, makeResults } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMITTED = join(ROOT, 'docs/matrix');
const REGENERATE = 'node bin/oai-compat.js matrix --documented --out docs/matrix';

describe('the documented matrix', () => {
  it('docs/matrix/ is current: regenerated in a temporary folder it has the same files and bytes', async () => {
    const out = await mkdtemp(join(tmpdir(), 'oai-compat-documented-'));
    const matrix = buildDocumentedMatrix();
    // The committed copy links to specs/ two levels up (docs/matrix → specs/), as the command computes for it.
    await writeDocumentedSite(out, { matrix, measured: [], specsHref: '../../specs/' });
    const fresh = readdirSync(out).sort();
    expect(readdirSync(COMMITTED).sort(), `docs/matrix/ has other files than it should: run ${REGENERATE}`).toEqual(fresh);
    for (const f of fresh) {
      expect(readFileSync(join(COMMITTED, f), 'utf8') === readFileSync(join(out, f), 'utf8'), `docs/matrix/${f} is stale: run ${REGENERATE}`).toBe(true);
    }
  });

  it('documented-matrix.json matches specs/schema/documented-matrix.schema.json, one cell per declared row', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'specs/schema/documented-matrix.schema.json'), 'utf8'));
    const data = JSON.parse(readFileSync(join(COMMITTED, 'documented-matrix.json'), 'utf8'));
    const validate = newAjv().compile(schema);
    expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(data.providers.map((p: { id: string }) => p.id)[0]).toBe('openai');
    expect(data.providers).toHaveLength(readdirSync(join(ROOT, 'specs')).filter((f) => f.endsWith('.yaml')).length);
    // Parallel's own row and an inherited one, each with where it came from.
    const cell = (feature: string, provider: string) =>
      data.cells.find((c: { feature: string; provider: string }) => c.feature === feature && c.provider === provider);
    expect(cell('request.n', 'parallel')).toMatchObject({
      status: 'ignored',
      declaredBy: 'parallel',
      source: expect.stringMatching(/^parallel-chat-api\.md#/),
    });
    expect(cell('request.n', 'parallel').sourceUrl).toMatch(/^https:\/\/.*#:~:text=/);
    expect(cell('stream.done-sentinel', 'parallel')).toMatchObject({
      declaredBy: 'openai',
      sourceUrl: null,
      sourceCopy: expect.stringMatching(/^sources\/wire-format\.md#/),
    });
  });

  it('opens in Chromium with every cell of every area page linking to its source', async () => {
    if (!HAS_CHROMIUM) {
      console.warn(`browser check skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
      return;
    }
    const pages = readdirSync(COMMITTED).filter((f) => f.endsWith('.html') && f !== 'index.html');
    expect(pages.length).toBeGreaterThanOrEqual(8);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
      for (const file of pages) {
        await page.goto(pathToFileURL(join(COMMITTED, file)).href);
        const cells = await page.locator('td.cell').evaluateAll((tds) =>
          tds.map((td) => ({
            status: td.getAttribute('data-status'),
            href: td.querySelector('a[href]')?.getAttribute('href') ?? null,
            url: (td.querySelector('a[href]') as unknown as { href: string } | null)?.href ?? null,
          })),
        );
        expect(cells.length, file).toBeGreaterThan(0);
        const unlinked = cells.filter((c) => !c.href);
        expect(unlinked, `${file}: cells without a link`).toEqual([]);
        // Local links (copies under specs/sources, profile files) resolve to files that exist.
        for (const c of cells.filter((x) => x.url?.startsWith('file:'))) {
          const path = fileURLToPath(c.url!.split('#')[0]!);
          expect(existsSync(path), `${file}: ${c.href} points nowhere`).toBe(true);
        }
        expect(cells.filter((c) => c.status).length, `${file}: declared cells`).toBeGreaterThan(0);
      }
      await page.goto(pathToFileURL(join(COMMITTED, 'index.html')).href);
      expect(await page.locator('nav.areas a').count()).toBe(pages.length + 1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('lays measured runs beside their provider: verdicts linked to the report, disagreements outlined', async () => {
    const root = await mkdtemp(join(tmpdir(), 'oai-compat-documented-measured-'));
    const withReport = join(root, 'parallel-run');
    const bare = join(root, 'openai-run');
    await mkdir(withReport, { recursive: true });
    await mkdir(bare, { recursive: true });
    const parallel = makeResults(
      [
        makeCase({ id: 'request.n', declared: 'ignored', observed: 'supported', verdict: 'fail', message: 'n honoured: 2 choices' }),
        makeCase({ id: 'request.max_tokens', declared: 'ignored', observed: 'ignored', verdict: 'pass' }),
      ],
      { target: { baseUrl: 'https://api.parallel.ai', profile: 'parallel', model: 'speed', label: 'Parallel prod' } },
    );
    const openai = makeResults([makeCase({ id: 'request.n', verdict: 'pass' })], {
      target: { baseUrl: 'https://api.openai.com/v1', profile: 'openai', model: 'gpt-4o-mini' },
    });
    await writeFile(join(withReport, 'results.json'), JSON.stringify(parallel));
    await writeFile(join(withReport, 'report.html'), '<!doctype html><title>r</title>');
    await writeFile(join(bare, 'results.json'), JSON.stringify(openai));
    const out = join(root, 'site');
    const io = captureIO();
    const code = await matrixCommand(['--documented', join(withReport, 'results.json'), join(bare, 'results.json'), '--out', out], io);
    expect(code, io.err).toBe(0);
    expect(io.err).toMatch(/2 measured runs beside/);
    const html = await readFile(join(out, 'request.html'), 'utf8');
    // The measured column follows its provider's documented one.
    const heads = [...html.matchAll(/<th[^>]*data-provider="([^"]+)"( data-measured="true")?/g)].map((m) => `${m[1]}${m[2] ? '*' : ''}`);
    expect(heads.indexOf('parallel*')).toBe(heads.indexOf('parallel') + 1);
    expect(heads.indexOf('openai*')).toBe(heads.indexOf('openai') + 1);
    const row = (id: string) => html.split('\n').find((l) => l.includes(`data-feature="${id}"`))!;
    expect(row('request.n')).toMatch(/class="cell measured m-fail disagree"[^>]*><a href="\.\.\/parallel-run\/report\.html#case-request\.n"/);
    expect(row('request.n')).toMatch(/class="cell k-no disagree" data-provider="parallel"/);
    expect(row('request.max_tokens')).toMatch(/class="cell measured m-pass"/);
    expect(row('request.max_tokens')).not.toMatch(/disagree/);
    // No report beside the openai run: its cells are not linked.
    expect(row('request.n')).toMatch(/data-provider="openai" data-measured="true" data-verdict="pass"><span class="mark">pass<\/span>/);
    const json = JSON.parse(await readFile(join(out, 'documented-matrix.json'), 'utf8'));
    expect(json.measured.map((m: { provider: string; report: string | null }) => [m.provider, m.report])).toEqual([
      ['parallel', '../parallel-run/report.html'],
      ['openai', null],
    ]);
  });

  it('refuses a run of a profile that is not documented, with one line naming the file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'oai-compat-documented-bad-'));
    const file = join(root, 'results.json');
    await writeFile(file, JSON.stringify(makeResults([], { target: { baseUrl: 'http://x.test', profile: 'nosuch', model: 'm' } })));
    const io = captureIO();
    expect(await matrixCommand(['--documented', file, '--out', join(root, 'site')], io)).toBe(2);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(/results\.json: a run of the profile "nosuch", which is not among the documented profiles/);
    expect(() => measuredColumns([], resolve(root), buildDocumentedMatrix({ profiles: ['openai'] }))).not.toThrow();
    void dirname;
  });
});
