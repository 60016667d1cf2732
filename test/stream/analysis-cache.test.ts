/**
 * The stream cases analyse each shared exchange once per (kind, usage mode) and read its body once in all; the
 * SDK oracle accepts that analysis's reassembly instead of reading the body again, with the same result.
 */
import { describe, expect, it } from 'vitest';
import { analysis } from '../../src/cases/stream-requests.js';
import { runSdkOracle } from '../../src/sse/index.js';
import { exchange, readPerEvent, textData, toolData } from '../sse/fixtures.js';

describe('stream analysis cache', () => {
  it('reads an exchange once whatever the usage mode, and keys analyses by kind and mode', () => {
    const ex = exchange(readPerEvent(textData(['a', 'b'], { usage: true })));
    const always = analysis(ex, 'usage', 'always');
    const never = analysis(ex, 'usage', 'never');
    expect(never).not.toBe(always);
    expect(never.read).toBe(always.read);
    expect(always.rules['usage-chunk'].ok).toBe(true);
    expect(never.rules['usage-chunk'].ok).toBe(false);
    expect(analysis(ex, 'usage', 'always')).toBe(always);
    // The same exchange read as another kind is judged with that kind's request context.
    const baseline = analysis(ex, 'baseline', 'on-request');
    expect(baseline).not.toBe(analysis(ex, 'usage', 'on-request'));
    expect(baseline.rules['usage-chunk'].ok).toBe(false);
    expect(analysis(ex, 'usage', 'on-request').rules['usage-chunk'].ok).toBe(true);
  });

  it('the SDK oracle gives the same result from the shared reassembly as from its own read', async () => {
    // Tool-call fragments with no index: the helper silently drops the calls, which only the raw view shows.
    const datas = toolData([{ id: 'call_1', name: 'f', args: ['{"a":', '1}'] }]).map((d) =>
      d.replaceAll('"index":0,"id"', '"id"').replaceAll('{"index":0,"function"', '{"function"'),
    );
    const ex = exchange(readPerEvent(datas));
    const own = await runSdkOracle(ex, 'helper');
    const shared = await runSdkOracle(ex, 'helper', { raw: analysis(ex, 'baseline').completion });
    const { durationMs: _a, ...o } = own;
    const { durationMs: _b, ...s } = shared;
    expect(o.lost).toBe(true);
    expect(s).toEqual(o);
  });
});
