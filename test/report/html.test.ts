import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { groupByArea } from '../../src/report/areas.js';
import { HOSTILE_IMG, HOSTILE_SCRIPT, makeCase, makeResults, sampleResults } from './fixtures.js';

/** Static checks on the generated page; what a reader sees and clicks is checked in Chromium (report.browser.test.ts). */
describe('renderHtml', () => {
  const html = renderHtml(sampleResults());

  it('is one self-contained document: a single inline script and style, no external references', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\bsrc=["']?(?!x)/i); // the only src= text is the escaped hostile one
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('pins the inline script and style by hash in a CSP that forbids every fetch', () => {
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    const script = html.match(/<script>([\s\S]*?)<\/script>/)![1]!;
    const style = html.match(/<style>([\s\S]*?)<\/style>/)![1]!;
    const hash = (t: string) => createHash('sha256').update(t).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
  });

  it('escapes every hostile string from the target', () => {
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html).not.toContain(HOSTILE_IMG);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
  });

  it('counts both verdicts in the header, with the legend that tells them apart', () => {
    expect(html).toMatch(/as documented<\/span> <span class="v v-pass" data-count="pass">3 pass<\/span>/);
    expect(html).toContain('<span class="v v-fail" data-parity-count="fail">1 fail</span>');
    expect(html).toContain('&quot;OpenAI parity&quot;: it behaves as OpenAI does');
  });

  it('marks each case row with its id, area and verdict, the failures of an area first', () => {
    const rows = [...html.matchAll(/<tbody class="case" data-case-id="([^"]+)" data-area="([^"]+)" data-verdict="([^"]+)"/g)].map((m) => m.slice(1));
    const rank = { fail: 0, inconclusive: 1, skip: 2, pass: 3 };
    const expected = groupByArea(sampleResults().cases).flatMap(([, cs]) => [...cs].sort((a, b) => rank[a.verdict] - rank[b.verdict]));
    expect(rows).toEqual(expected.map((c) => [c.id, c.area, c.verdict]));
    expect(rows.slice(0, 3).map((r) => r[0])).toEqual(['request.logprobs', 'request.max_tokens', 'request.n']);
  });

  it('stores each exchange once, however many cases read it, and says when one is missing', () => {
    expect(html.match(/<template id="xt-\d+">/g)).toHaveLength(4);
    expect(html.match(/data-exchange-slot="0"/g)).toHaveLength(3); // x1 is read by three cases
    expect(html).toContain('Exchange x-missing is not recorded in results.json.');
  });

  it('links sources with http(s) URLs only, and shows a source without one as text', () => {
    expect(html).toContain('<a class="src" href="https://docs.parallel.ai/chat-api#parameters" target="_blank" rel="noopener noreferrer">');
    expect(html).not.toContain('javascript:alert(3)');
  });

  it('adds the OpenAI parity column only when cases carry parity', () => {
    expect(html).toContain('<th>OpenAI parity</th>');
    expect(renderHtml(makeResults([makeCase({ id: 'request.seed' })]))).not.toContain('OpenAI parity');
  });
});

describe('renderHtml edge cases', () => {
  it('says so when no case ran', () => {
    expect(renderHtml(makeResults([]))).toContain('<p class="muted">No cases ran.</p>');
  });

  it('shows a very large body in part, saying how much', async () => {
    const { BODY_DISPLAY_LIMIT } = await import('../../src/report/html-exchange.js');
    const { makeExchange } = await import('./fixtures.js');
    const big = 'x'.repeat(BODY_DISPLAY_LIMIT + 10);
    const x = makeExchange('big', { response: { status: 200, headers: {}, body: big, bodyBytes: big.length, truncated: false } });
    const html = renderHtml(makeResults([makeCase({ id: 'stream.big', exchanges: ['big'] })], { exchanges: [x] }));
    expect(html).toContain(`showing the first 200,000 of ${(BODY_DISPLAY_LIMIT + 10).toLocaleString('en-US')} characters`);
    expect(html).not.toContain(big);
  });
});
