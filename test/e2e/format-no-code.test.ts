/**
 * The format items that need no code (issue #16 item 2), end to end over loopback: a row for some models only,
 * a provider string field on the message and in stream deltas, a message field the provider rejects, a row on
 * a beta path of its own, and stream rules declared in YAML with an assertion. new-provider.yaml passes its own emulator on both its
 * models; against an emulator that breaks those rows (new-provider-broken.yaml) exactly those rows fail; and a
 * row for another model is a skip that says so, never a pass.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCases } from '../support/run-cases.js';

const fx = (name: string) => fileURLToPath(new URL(`../fixtures/profiles/${name}.yaml`, import.meta.url));
const NEW_ROWS = [
  'message.reasoning_content',
  'message.prefix',
  'request.seed',
  'response.choices[].message.reasoning_content',
  'stream.reasoning-deltas',
  'stream.no-obfuscation',
];
const ONLY = NEW_ROWS.join(',');

describe('the no-code format items', () => {
  it('new-provider passes its own emulator on the reasoning model, each new row decided', async () => {
    const r = await runCases({ profile: fx('new-provider'), model: 'example-reasoner', only: ONLY });
    expect(r.failing).toEqual([]);
    const v = (id: string) => [r.byId.get(id)?.verdict, r.byId.get(id)?.message];
    expect(v('response.choices[].message.reasoning_content')).toEqual(['pass', 'string, as declared (populated string)']);
    expect(v('stream.reasoning-deltas')[0]).toBe('pass');
    expect(v('stream.reasoning-deltas')[1]).toMatch(/choices\[\]\.delta\.reasoning_content carried by [1-9]\d* of \d+ places/);
    expect(v('stream.no-obfuscation')[0]).toBe('pass');
    expect(v('message.reasoning_content')[0]).toBe('pass');
    expect(v('message.reasoning_content')[1]).toMatch(/rejected with 400/);
    expect(r.byId.get('request.seed')?.verdict).toBe('pass');
    // A row on a beta path of its own: its request went there (under the emulator's base path), and was accepted.
    const prefix = r.byId.get('message.prefix')!;
    expect(prefix.verdict).toBe('pass');
    const urls = (prefix.exchanges ?? []).map((id) => r.exchanges.find((x) => x.id === id)?.request.url);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((u) => /\/api\/v2\/beta\/chat\/completions$/.test(u ?? ''))).toBe(true);
  });

  it('on the other model, the rows for the reasoning model are skips saying "not for model", and nothing is sent for them', async () => {
    const r = await runCases({
      profile: fx('new-provider'),
      model: 'example-8b',
      only: 'request.seed,response.choices[].message.reasoning_content,stream.reasoning-deltas',
    });
    expect(r.failing).toEqual([]);
    for (const id of ['request.seed', 'response.choices[].message.reasoning_content', 'stream.reasoning-deltas']) {
      const c = r.byId.get(id)!;
      expect(c.verdict, id).toBe('skip');
      expect(c.message, id).toMatch(/^not for model example-8b: the row applies to example-reasoner only/);
      expect(c.requests ?? 0, id).toBe(0);
    }
  });

  it('against an emulator that breaks those rows, exactly those rows fail', async () => {
    const r = await runCases({ profile: fx('new-provider'), emulate: fx('new-provider-broken'), model: 'example-reasoner', only: ONLY });
    expect(r.failing.sort()).toEqual([
      'message.reasoning_content',
      'response.choices[].message.reasoning_content',
      'stream.no-obfuscation',
      'stream.reasoning-deltas',
    ]);
    expect(r.byId.get('stream.no-obfuscation')?.message).toMatch(/obfuscation carried by \d+ of \d+ places .*\(first at event #0\): expected none/);
    expect(r.byId.get('stream.reasoning-deltas')?.message).toMatch(/carried by 0 of \d+ places .*: expected some of type string/);
    // The broken emulator's own declaration holds on itself: its declared rule passes there.
    const own = await runCases({ profile: fx('new-provider-broken'), model: 'example-reasoner', only: 'stream.obfuscation-sent' });
    expect(own.byId.get('stream.obfuscation-sent')?.verdict).toBe('pass');
  });
});
