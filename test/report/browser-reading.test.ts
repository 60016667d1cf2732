/**
 * report.html as a reader uses it, in headless Chromium: failures first with nothing to untick, the
 * findings lead and jump to their cases, filters kept in the URL and restored when the page is opened,
 * numbers rounded, a case that only read shared exchanges says so. Skips (with a reason) only when
 * Chromium is absent; never downloads a browser.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { CHROMIUM, HAS_CHROMIUM, launchChromium } from '../support/chromium.js';
import { sampleResults } from './fixtures.js';

const SKIP_REASON = `browser tests skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`;
if (!HAS_CHROMIUM) {
  console.warn(SKIP_REASON);
  describe('report.html, read in Chromium', () => it.skip(SKIP_REASON, () => {}));
}

interface DomElement {
  dataset: Record<string, string | undefined>;
}

/** The sample run, plus a float artifact in evidence and a case that read two exchanges another case sent. */
function readingResults() {
  const r = sampleResults();
  const maxTokens = r.cases.find((c) => c.id === 'request.max_tokens')!;
  maxTokens.evidence = { p50Ms: 34.900000000000006, samples: [0.30000000000000004, 12] };
  maxTokens.message = 'p50 34.900000000000006 ms over 2 samples';
  const usage = r.cases.find((c) => c.id === 'response.usage.total_tokens')!;
  usage.requests = 0;
  usage.exchanges = ['x1', 'x3'];
  return r;
}

describe.skipIf(!HAS_CHROMIUM)('report.html, read in Chromium', () => {
  let browser: Browser;
  let href: string;
  const errors: string[] = [];

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oai-reading-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(readingResults()));
    href = pathToFileURL(file).href;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(hash = ''): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(href + hash, { waitUntil: 'load' });
    return page;
  }
  const visibleIds = (page: Page) =>
    page.locator('tbody[data-case-id]:visible').evaluateAll((els) => els.map((e) => (e as unknown as DomElement).dataset.caseId));
  const hashOf = (page: Page) => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);

  it('shows failures first with every box ticked, and leads with the findings', async () => {
    const page = await open();
    const ids = await visibleIds(page);
    expect(ids).toHaveLength(7);
    expect(ids.slice(0, 3)).toEqual(['request.logprobs', 'request.max_tokens', 'request.n']); // the area's failure first
    expect(await page.locator('input[data-filter]:not(:checked)').count()).toBe(0);
    const findings = page.locator('ul[data-findings="fail"] > li');
    expect(await findings.count()).toBe(2); // two failures, two distinct causes
    expect(await findings.first().locator('button[data-goto]').allTextContents()).toHaveLength(1);
    const box = async (sel: string) => (await page.locator(sel).first().boundingBox())!.y;
    expect(await box('#findings')).toBeLessThan(await box('section[data-area]'));
    await page.context().close();
  });

  it('keeps the filters in the URL as they change, and the presets show failures in one click', async () => {
    const page = await open();
    await page.locator('button[data-preset="fail"]').click();
    expect(await visibleIds(page)).toEqual(['request.logprobs', 'stream.done-sentinel']);
    expect(await hashOf(page)).toBe('#verdict=fail');
    await page.locator('input[data-filter="area"][value="stream"]').uncheck();
    expect(await hashOf(page)).toBe('#area=request,response,error,performance&verdict=fail');
    expect(await visibleIds(page)).toEqual(['request.logprobs']);
    await page.locator('button[data-preset="all"]').click();
    expect(await hashOf(page)).toBe('');
    expect(await visibleIds(page)).toHaveLength(7);
    await page.locator('#q').fill('ttft');
    expect(await hashOf(page)).toBe('#q=ttft');
    await page.context().close();
  });

  it('restores the filters from the URL when the page is opened (a bookmarked or shared view)', async () => {
    const page = await open('#verdict=fail,inconclusive&area=request,performance');
    expect(await visibleIds(page)).toEqual(['request.logprobs', 'performance.ttft']);
    expect(await page.locator('input[data-filter="verdict"][value="pass"]').isChecked()).toBe(false);
    expect(await page.locator('input[data-filter="area"][value="stream"]').isChecked()).toBe(false);
    expect(await page.locator('#shown').textContent()).toBe('2 of 7 cases shown');
    const searched = await open('#q=done-sentinel');
    expect(await searched.locator('#q').inputValue()).toBe('done-sentinel');
    expect(await visibleIds(searched)).toEqual(['stream.done-sentinel']);
    await page.context().close();
    await searched.context().close();
  });

  it('a finding jumps to its case, showing it (and opening its evidence) even when the filters hid it', async () => {
    const page = await open('#verdict=pass');
    expect(await visibleIds(page)).not.toContain('stream.done-sentinel');
    await page.locator('button[data-goto="stream.done-sentinel"]').click();
    const row = page.locator('tbody[data-case-id="stream.done-sentinel"]');
    expect(await row.isVisible()).toBe(true);
    expect(await row.locator('details').evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
    await expect.poll(() => row.locator('.xchg').count()).toBe(1);
    await page.context().close();
  });

  it('rounds numbers, and says when a case read only what other cases sent', async () => {
    const page = await open();
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain('34.900000000000006');
    expect(text).not.toContain('0.30000000000000004');
    const maxTokens = page.locator('tbody[data-case-id="request.max_tokens"]');
    expect(await maxTokens.locator('td.msg').textContent()).toBe('p50 34.9 ms over 2 samples');
    await maxTokens.locator('summary').click();
    expect(await maxTokens.locator('table.evidence').textContent()).toContain('34.9');
    const usage = page.locator('tbody[data-case-id="response.usage.total_tokens"]');
    await usage.locator('summary').click();
    const requestsRow = usage.locator('table.kv tr', { hasText: 'Requests' });
    expect(await requestsRow.locator('td').textContent()).toBe('0 (2 shared)');
    await expect.poll(() => usage.locator('.xchg').count()).toBe(2);
    await page.context().close();
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
