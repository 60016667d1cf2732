/**
 * Hostile answers read by the endpoint checks directly (no server): a models list that is not an array,
 * chunks that are not objects, base64 that is not base64, a body whose keys collide with the evidence's,
 * a 429 on a stream. Each ends in an observation and a verdict that names the problem, never an exception.
 */
import { describe, it, expect } from 'vitest';
import type { Exchange } from '../../src/transport/types.js';
import type { EndpointRow } from '../../src/spec/profile.types.js';
import { loadProfile } from '../../src/spec/load.js';
import { endpointObservation, judgeEndpoint } from '../../src/checks/endpoints/answer.js';
import { modelListProblems, modelRetrieveProblems } from '../../src/checks/endpoints/models.js';
import { embeddingBase64Problems, embeddingFloatProblems } from '../../src/checks/endpoints/embeddings.js';
import { legacyCompletionProblems, legacyStreamProblems } from '../../src/checks/endpoints/completions.js';
import { responsesProblems, responsesStreamProblems } from '../../src/checks/endpoints/responses.js';
import { streamObservation, type StreamFacts } from '../../src/checks/endpoints/stream.js';

function exchange(status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Exchange {
  return {
    id: 'x',
    request: { method: 'GET', url: 'http://t/v1/models', headers: {} },
    response: { status, headers, reads: [{ t: 1, bytes: new TextEncoder().encode(body) }], bodyBytes: body.length, truncated: false },
    timings: { startedAt: 0 },
  };
}

const openai = loadProfile('openai').profile;
const supported: EndpointRow = { status: 'supported', source: 'x#y' };
const judged = (body: string, shape: Parameters<typeof judgeEndpoint>[1], status = 200) =>
  judgeEndpoint(openai, shape)(endpointObservation(exchange(status, body), 'GET /models'), supported);

describe('hostile endpoint answers', () => {
  it('a models list whose data is not an array of objects fails with a reason', () => {
    expect(judged('{"object":"list","data":{"id":"m"}}', modelListProblems).message).toMatch(/data is object, not an array of models/);
    expect(judged('{"object":"list","data":[1,null,"m"]}', modelListProblems).message).toMatch(/data\[0\] is integer, not a Model object/);
    expect(judged('{"object":"list","data":"abc"}', modelRetrieveProblems).verdict).toBe('fail');
  });

  it('HTML, an empty body and JSON that is not an object fail, whatever the shape check', () => {
    for (const shape of [modelListProblems, embeddingFloatProblems, legacyCompletionProblems, responsesProblems]) {
      expect(judged('<html>nope</html>', shape).message).toMatch(/not JSON/);
      expect(judged('', shape).message).toMatch(/not JSON: empty/);
      expect(judged('[1,2]', shape).message).toMatch(/JSON that is not an object/);
      expect(judged('null', shape).message).toMatch(/JSON that is not an object/);
    }
  });

  it('base64 that is not base64, or data entries that are not objects, are named', () => {
    const facts = (b64: unknown, float: unknown = [0.1, 0.2]) => ({
      answer: {
        status: 200,
        json: { object: 'list', model: 'e', data: [{ object: 'embedding', index: 0, embedding: b64 }], usage: { prompt_tokens: 1, total_tokens: 1 } },
        head: '',
      },
      error: { observed: '', confidence: 'decisive' as const, evidence: {} },
      more: { float: { status: 200, json: { data: [{ embedding: float }] }, head: '' } },
    });
    expect(embeddingBase64Problems(facts('not base64!'))).toContainEqual('data[0].embedding: not valid base64');
    expect(embeddingBase64Problems(facts(42))).toContainEqual('data[0].embedding is integer, not a base64 string');
    expect(embeddingBase64Problems(facts('AAAAAAAAAAA=', 'x')).join()).toMatch(/float answer for the same input is not usable/);
    expect(judged('{"object":"list","model":"e","data":[7],"usage":5}', embeddingFloatProblems).message).toMatch(
      /data\[0\]\.object is absent.*usage is missing/,
    );
  });

  it('a legacy stream of null and numeric chunks is reported, not thrown on', () => {
    const s = {
      answer: { status: 200, head: '' },
      contentType: 'text/event-stream',
      chunks: [null, 3, { choices: 'x' }],
      names: [],
      errors: [],
      nonJson: 0,
      done: true,
    } as StreamFacts;
    const problems = legacyStreamProblems(s);
    expect(problems).toContain('chunk 0: the chunk is null, not a text_completion object');
    expect(problems).toContain('chunk 1: the chunk is integer, not a text_completion object');
    expect(problems).toContain('no chunk carries a finish_reason');
    expect(responsesStreamProblems(s).join()).toMatch(/event 0 has no "type"/);
  });

  it('a body with its own "status" and "request" keys does not overwrite the HTTP status in the evidence', () => {
    const obs = endpointObservation(exchange(200, '{"object":"response","status":"completed","request":[1,2,3]}'), 'POST /responses');
    expect(obs.evidence).toMatchObject({ status: 200, request: 'POST /responses' });
  });

  it('a 429 on a stream is the rate limiter speaking: inconclusive, as for a non-streamed answer', () => {
    const body = '{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}';
    expect(streamObservation(exchange(429, body), 'POST /completions').verdict).toBe('inconclusive');
    expect(endpointObservation(exchange(429, body), 'POST /completions').verdict).toBe('inconclusive');
  });
});
