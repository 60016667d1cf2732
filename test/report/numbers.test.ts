/** Numbers as a reader wants them in every report: rounded, never a binary-float tail; failures first in report.md. */
import { describe, it, expect } from 'vitest';
import { formatNumber, roundFloatsIn } from '../../src/report/labels.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { makeCase, makeResults } from './fixtures.js';

describe('numbers in reports', () => {
  it('rounds fractions to 3 decimals (tiny ones to 3 significant digits) and keeps integers', () => {
    expect(formatNumber(34.900000000000006)).toBe('34.9');
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
    expect(formatNumber(1234.56789)).toBe('1234.568');
    expect(formatNumber(0.000123456)).toBe('0.000123');
    expect(formatNumber(1700000000123)).toBe('1700000000123');
    expect(formatNumber(-2.5)).toBe('-2.5');
  });

  it('rounds float artifacts inside text and leaves versions, ids and ordinary decimals alone', () => {
    expect(roundFloatsIn('p50 34.900000000000006 ms, 0.30000000000000004 of 1.5')).toBe('p50 34.9 ms, 0.3 of 1.5');
    expect(roundFloatsIn('openai-node 6.49.0; id chatcmpl-1.2; 3.14159')).toBe('openai-node 6.49.0; id chatcmpl-1.2; 3.14159');
  });

  it('report.md: rounded numbers, and the failures of an area before its other cases', () => {
    const md = renderMarkdown(
      makeResults([
        makeCase({ id: 'performance.a', message: 'p50 34.900000000000006 ms' }),
        makeCase({ id: 'performance.b', verdict: 'skip', message: 'not measured' }),
        makeCase({ id: 'performance.c', verdict: 'fail', message: 'p95 2100.0000000000005 ms over the 2000 ms claim' }),
      ]),
    );
    expect(md).not.toMatch(/\d\.\d{10,}/);
    expect(md).toContain('p50 34.9 ms');
    const rows = md.split('\n').filter((l) => l.startsWith('| `performance.'));
    expect(rows.map((l) => /`(performance\.\w)`/.exec(l)?.[1])).toEqual(['performance.c', 'performance.b', 'performance.a']);
  });
});
