/**
 * The event-stream writer of the operations beside chat (legacy completions, the Responses API): an event
 * with a name gets its `event:` line, one with none or an empty name a bare `data:` block (an empty
 * `event: ` line is no name on the wire either, and no provider writes one).
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/spec/load.js';
import { writeSse } from '../../src/emulator/sse-write.js';
import type { RequestContext } from '../../src/emulator/context.js';

function capture() {
  const written: string[] = [];
  const res = {
    destroyed: false,
    writeHead: () => res,
    write: (s: string) => (written.push(s), true),
    end: (s?: string) => (s && written.push(s), res),
  };
  const ctx = {
    res: res as unknown as ServerResponse,
    opts: { profile: loadProfile('openai').profile, chunkDelayMs: 0 },
    fctx: {},
  } as unknown as RequestContext;
  return { ctx, text: () => written.join('') };
}

describe('writeSse', () => {
  it('writes `event:` only for a non-empty name', async () => {
    const { ctx, text } = capture();
    const names = ['named', '', undefined];
    await writeSse(ctx, [{ n: 0 }, { n: 1 }, { n: 2 }], { what: 'completions.chunk', nameOf: (_d, i) => names[i], end: 'data: [DONE]\n\n' });
    expect(text()).toBe('event: named\ndata: {"n":0}\n\ndata: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
  });
});
