/**
 * Publishing: the four profiles' emulators run through the command, `oai-compat matrix` builds the site,
 * and the page renders in headless Chromium with all four columns, cells and badges.
 */
import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, HAS_CHROMIUM, launchChromium } from '../support/chromium.js';
import { cli } from '../support/cli.js';

const PROFILES = ['openai', 'parallel', 'parasail-bifrost', 'flexai'];

describe('compatibility matrix of the four profiles', () => {
  it('builds index.html, matrix.md, index.json and a badge per target; the page shows four columns in Chromium', async () => {
    const root = await mkdtemp(join(tmpdir(), 'oai-compat-matrix-'));
    const files: string[] = [];
    for (const p of PROFILES) {
      const out = join(root, p);
      const r = await cli(['run', '--profile', p, '--out', out, '--quiet']);
      expect(r.code, `${p}: ${r.stderr}`).toBe(0);
      files.push(join(out, 'results.json'));
    }
    const site = join(root, 'site');
    const m = await cli(['matrix', ...files, '--out', site]);
    expect(m.code, m.stderr).toBe(0);
    const index = JSON.parse(await readFile(join(site, 'index.json'), 'utf8')) as { targets: unknown[] };
    expect(index.targets).toHaveLength(4);
    expect(await readFile(join(site, 'matrix.md'), 'utf8')).toMatch(/parasail-bifrost/);
    expect((await readdir(join(site, 'badges'))).filter((f) => f.endsWith('.svg'))).toHaveLength(4);

    if (!HAS_CHROMIUM) {
      console.warn(`browser check skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
      return;
    }
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      const headers = await page.locator('thead th[data-target]').allInnerTexts();
      expect(headers).toHaveLength(4);
      for (const p of PROFILES) expect(headers.join('\n')).toContain(p);
      const rows = await page.locator('tr[data-case-id]').count();
      expect(rows).toBeGreaterThan(150);
      expect(await page.locator('td.cell[data-verdict="pass"]').count()).toBeGreaterThan(300);
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(root, 'matrix.png') });
    } finally {
      await browser.close();
    }
  });
});
