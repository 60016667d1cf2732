/**
 * Writing an event-stream answer of the operations beside chat completions (legacy completions, the
 * Responses API): the profile's headers (a fault may change them), one `data:` block per event, named with
 * `event:` where the operation names its events, paced like the chat stream, then the operation's ending.
 */
import type { RequestContext } from './context.js';
import { responseHeaders } from './headers.js';

type Obj = Record<string, unknown>;

export interface SseWrite {
  /** The fault hook's name for each event object (`completions.chunk`, `responses.event`). */
  what: string;
  /** The `event:` name of an event, read after the fault saw it (undefined or empty: a bare `data:` block). */
  nameOf?(data: Obj, index: number): string | undefined;
  /** Written after the last event (`data: [DONE]\n\n` for the legacy API; nothing for the Responses API). */
  end?: string;
}

export async function writeSse(ctx: RequestContext, events: readonly Obj[], w: SseWrite): Promise<void> {
  const { res, opts, fault, fctx } = ctx;
  const headers: Record<string, string> = {
    ...responseHeaders(opts.profile, opts),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  };
  fault?.headers?.(headers, { ...fctx, status: 200 });
  res.writeHead(200, headers);
  const delay = opts.chunkDelayMs ?? 2;
  for (const [i, data] of events.entries()) {
    if (res.destroyed) return;
    fault?.operation?.(w.what, data, fctx);
    // No name, or an empty one, is no `event:` line: an empty one would mean the default type anyway.
    const name = w.nameOf?.(data, i);
    res.write(`${name ? `event: ${name}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  }
  res.end(w.end);
}
