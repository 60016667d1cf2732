/**
 * The same recorded bytes replayed into openai-node 4, 5 and 6: where the majors agree and where they part.
 * The breakage the oracle exists for: v4 yields a named event (`event: message`) as an {event, data} wrapper, so
 * a consumer reading chunk.choices gets nothing and v4's own stream helper throws; v5 and v6 read it fine.
 */
import { describe, expect, it } from 'vitest';
import { SDK_CLIENTS } from '../../src/sse/sdk-clients.js';
import { runSdkOracle } from '../../src/sse/sdk-oracle.js';
import { exchange, readsOf, sse, textData } from './fixtures.js';

const T = textData(['Hello', ' there']);
const named = T.map((d) => `event: message\ndata: ${d}\n\n`).join('');

describe('SDK oracle across major versions', () => {
  it('each client reports its own version', async () => {
    const majors: string[] = [];
    for (const client of SDK_CLIENTS) {
      const r = await runSdkOracle(exchange(readsOf([sse(T)])), 'iterate', { client });
      expect(r.client).toBe(client);
      majors.push(r.sdkVersion.split('.')[0]!);
    }
    expect(majors).toEqual(['4', '5', '6']);
  });

  it('a canonical stream: every client, both modes, all content, nothing lost', async () => {
    for (const client of SDK_CLIENTS) {
      for (const mode of ['iterate', 'helper'] as const) {
        const r = await runSdkOracle(exchange(readsOf([sse(textData(['Hello', ' there'], { usage: true }))])), mode, { client });
        expect(r, `${client} ${mode}`).toMatchObject({ ok: true, content: 'Hello there', lost: false, silentLoss: false, requests: 1 });
      }
    }
  });

  it('named events: v4 loses the content (iterate) and its helper throws; v5 and v6 read them', async () => {
    const it4 = await runSdkOracle(exchange(readsOf([named])), 'iterate', { client: 'openai-v4' });
    // Each chunk arrives as {event, data}: a consumer reading chunk.choices[0] would throw "reading '0'".
    expect(it4).toMatchObject({ ok: true, content: '', lost: true, silentLoss: true, chunks: 4, withoutChoices: 4 });
    const helper4 = await runSdkOracle(exchange(readsOf([named])), 'helper', { client: 'openai-v4' });
    expect(helper4.ok).toBe(false);
    expect(helper4.error).toBe('OpenAIError: chunk.choices is not iterable');
    for (const client of ['openai-v5', 'openai-v6'] as const) {
      for (const mode of ['iterate', 'helper'] as const) {
        const r = await runSdkOracle(exchange(readsOf([named])), mode, { client });
        expect(r, `${client} ${mode}`).toMatchObject({ ok: true, content: 'Hello there', lost: false, withoutChoices: 0 });
      }
    }
  });

  it('an HTTP error status: each client throws its own APIError with the status', async () => {
    const body = '{"error":{"message":"Bad request","type":"invalid_request_error","param":null,"code":null}}';
    for (const client of SDK_CLIENTS) {
      const r = await runSdkOracle(exchange(readsOf([body]), { status: 400, contentType: 'application/json' }), 'iterate', { client });
      expect(r, client).toMatchObject({ ok: false, errorStatus: 400, requests: 1 });
    }
  });
});
