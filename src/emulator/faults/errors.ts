/**
 * Faults for the bad-request catalogue (error.*): how real servers and the proxies in front of them answer
 * bad input in ways clients cannot use. The envelope faults (flat string, no param, 500, stack trace, 200
 * for an unknown model) are in core.ts; these are the rest, each caught by the error cases it names.
 */
import { RESPONSES_ERROR_CASES } from './responses.js';
import type { Fault } from './types.js';

type Obj = Record<string, unknown>;

const HTML_PAGE = (status: number) =>
  `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head><body><center><h1>${status} Error</h1></center><hr><center>nginx</center></body></html>\n`;

export const errorFaults: Fault[] = [
  {
    id: 'html-error-page',
    description: "error answers are a proxy's HTML page (text/html) instead of the JSON envelope",
    // The content-type check reads the same error answers (on: error), so it fails too.
    catches: ['error.*', 'header.content-type', 'message.tool_call_id.mismatch', ...RESPONSES_ERROR_CASES],
    evidence: "peers-and-breakages.md 3.6 item 40 (error body not the envelope); a reverse proxy's own error pages",
    error(reply) {
      return { status: reply.status, headers: { ...reply.headers, 'content-type': 'text/html' }, body: HTML_PAGE(reply.status) };
    },
  },
  {
    id: 'empty-error-body',
    description: 'error answers keep their status but have an empty body',
    catches: ['error.*', 'message.tool_call_id.mismatch', ...RESPONSES_ERROR_CASES],
    evidence: 'wire-format.md 4.1: with no body the SDKs report only "<status> status code (no body)"',
    error(reply) {
      return { ...reply, body: '' };
    },
  },
  {
    id: 'oversized-body-accepted',
    description: 'accepts a request body of several MiB with 200 instead of refusing it',
    catches: ['error.oversized-body'],
    evidence: 'wire-format.md 1: no recorded limit; a server without one can be made to buffer anything',
    error(reply, ctx) {
      if (reply.status !== 413) return reply;
      const model = ctx.profile.target?.defaultModel ?? 'emulator-model';
      const completion = {
        id: 'chatcmpl-oversized',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'OK.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1_048_576, completion_tokens: 2, total_tokens: 1_048_578 },
      };
      return { status: 200, headers: reply.headers, body: completion };
    },
  },
  {
    id: 'ignores-content-type',
    description: 'parses the body as JSON whatever its content-type says (text/plain is answered 200)',
    catches: ['error.wrong-content-type'],
    evidence: 'wire-format.md 5.1: the SDKs send Content-Type application/json; a server that does not look at it accepts anything',
    handle(req) {
      const type = String(req.headers['content-type'] ?? '');
      if (req.method === 'POST' && type && !/json/i.test(type)) req.headers['content-type'] = 'application/json';
      return false;
    },
  },
  {
    id: 'fills-in-missing-model',
    description: 'a request without `model` is given a model the gateway picks (a retired one), and the upstream answers 404 model_not_found for it',
    catches: ['error.missing-model'],
    evidence: "issue #11 class 10: a gateway filling in a model turns OpenAI's 400 into a 404 that blames a model the client never named",
    request(body) {
      return 'model' in body ? body : { ...body, model: 'gpt-3.5-turbo-0301' };
    },
  },
  {
    id: 'spa-fallback-for-unknown-route',
    description: "an unknown route answers 200 with an HTML index page (a web app's catch-all route in front of the API)",
    catches: ['error.unknown-route'],
    evidence: 'wire-format.md 4.3 / 5.1: a wrong base URL must be a 404 the SDK can report, not a 200 it cannot parse',
    error(reply) {
      const e = (reply.body as { error?: Obj } | undefined)?.error;
      if (reply.status !== 404 || e?.code !== 'unknown_url') return reply;
      return {
        status: 200,
        headers: { ...reply.headers, 'content-type': 'text/html' },
        body: '<!DOCTYPE html><html><body><div id="root"></div><script src="/app.js"></script></body></html>',
      };
    },
  },
];
