/**
 * Pacing where people read it (issue #13): the rate a run paced at, how it was found and the 429s met
 * are one line near the top of report.md and report.html; a merge keeps each shard's own pacing (shards
 * learn independently) and states a merged rate only when every shard agrees.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { mergeResults } from '../../src/report/merge.js';
import { pacingText } from '../../src/report/pacing.js';
import { readResultsFile } from '../../src/report/load.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results } from '../../src/results/results.types.js';
import { makeCase, makeResults } from './fixtures.js';

const learned = (over: Partial<Results> = {}) =>
  makeResults([makeCase({ id: 'request.max_tokens' })], {
    requests: { sent: 40, rateLimited: 6, pacing: { source: 'adaptive', perMinute: 29.4 } },
    ...over,
  });

/** The lines of report.md before the first area table: "near the top". */
const head = (md: string) => md.slice(0, md.indexOf('\n## '));

describe('pacing in the reports', () => {
  it('report.md states the learned rate, how it was found and the 429s met, above the tables', () => {
    const md = renderMarkdown(learned());
    expect(head(md)).toContain("Pacing: 29/min (learned from the target's 429s); 6 x 429 met");
  });

  it('report.html states it in the header', () => {
    const html = renderHtml(learned());
    const header = html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    expect(header).toContain('pacing: 29/min (learned from the target&#39;s 429s); 6 x 429 met');
  });

  it('a declared rate and an unpaced run are told apart; results without pacing (older files) get no line', () => {
    expect(head(renderMarkdown(learned({ requests: { sent: 3, pacing: { source: 'declared', perMinute: 500 } } })))).toContain('Pacing: 500/min (declared)');
    expect(head(renderMarkdown(learned({ requests: { sent: 3, pacing: { source: 'unpaced' } } })))).toContain('Pacing: unpaced (no limit applied, none met)');
    const old = learned({ requests: { sent: 3 } });
    expect(renderMarkdown(old)).not.toMatch(/pacing/i);
    expect(renderHtml(old)).not.toContain('class="muted pacing"');
  });
});

describe('merge keeps each shard pacing', () => {
  const shard = (n: string, pacing: NonNullable<Results['requests']['pacing']>, rateLimited?: number) =>
    makeResults([makeCase({ id: `request.f${n[0]}` })], { shard: n, requests: { sent: 10, ...(rateLimited ? { rateLimited } : {}), pacing } });

  it('shards that learned different rates: each kept with its 429s, no combined rate', () => {
    const merged = mergeResults([shard('1/2', { source: 'adaptive', perMinute: 28 }, 4), shard('2/2', { source: 'adaptive', perMinute: 31 }, 2)]);
    expect(merged.requests.pacingByShard).toEqual([
      { shard: '1/2', pacing: { source: 'adaptive', perMinute: 28 }, rateLimited: 4 },
      { shard: '2/2', pacing: { source: 'adaptive', perMinute: 31 }, rateLimited: 2 },
    ]);
    expect(merged.requests).not.toHaveProperty('pacing');
    expect(merged.requests.rateLimited).toBe(6);
    expect(pacingText(merged.requests)).toBe(
      "by shard: 1/2 28/min (learned from the target's 429s); 4 x 429 met · 2/2 31/min (learned from the target's 429s); 2 x 429 met",
    );
    expect(head(renderMarkdown(merged))).toContain('Pacing: by shard: 1/2 28/min');
  });

  it('shards that agree (the same declared rate) keep it as the merged pacing too', () => {
    const merged = mergeResults([shard('1/2', { source: 'declared', perMinute: 500 }), shard('2/2', { source: 'declared', perMinute: 500 })]);
    expect(merged.requests.pacing).toEqual({ source: 'declared', perMinute: 500 });
    expect(merged.requests.pacingByShard).toHaveLength(2);
  });

  it('a merge of merges keeps the original shards; shards without pacing add none', () => {
    const ab = mergeResults([shard('1/3', { source: 'adaptive', perMinute: 20 }), shard('2/3', { source: 'unpaced' })]);
    const c = makeResults([makeCase({ id: 'request.fz' })], { shard: '3/3', requests: { sent: 1 } });
    const all = mergeResults([ab, c]);
    expect(all.requests.pacingByShard?.map((s) => s.shard)).toEqual(['1/3', '2/3']);
    expect(all.requests).not.toHaveProperty('pacing');
  });

  it('the merged file is valid against the results schema', async () => {
    const merged = mergeResults([shard('1/2', { source: 'adaptive', perMinute: 28 }, 4), shard('2/2', { source: 'headers', perMinute: 60 })]);
    const file = join(await mkdtemp(join(tmpdir(), 'oai-compat-pacing-')), 'results.json');
    await writeFile(file, JSON.stringify(merged));
    expect((await readResultsFile(file)).requests.pacingByShard).toHaveLength(2);
  });
});
