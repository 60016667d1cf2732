/** Faults for the foundation checks: request fields, response fields, the basic error envelope. */
import { RESPONSES_ERROR_CASES } from './responses.js';
import { choicesOf, type Fault } from './types.js';
import { knownModels } from '../profile-view.js';

type Obj = Record<string, unknown>;

export const coreFaults: Fault[] = [
  {
    id: 'ignore-max-tokens',
    description: 'accepts max_tokens and max_completion_tokens with 200 but generates to the natural end',
    catches: ['request.max_tokens', 'request.max_completion_tokens'],
    evidence: 'peers-and-breakages.md 3.5 item 31 (llama.cpp #13700)',
    request(body) {
      const { max_tokens: _a, max_completion_tokens: _b, ...rest } = body;
      return rest;
    },
  },
  {
    id: 'created-in-ms',
    description: '`created` in Unix milliseconds instead of seconds',
    catches: ['response.created'],
    completion(c) {
      c.created = Number(c.created) * 1000 + 123;
    },
  },
  {
    id: 'no-total-tokens',
    description: '`usage.total_tokens` missing',
    catches: ['response.usage.total_tokens'],
    completion(c) {
      delete (c.usage as Obj | undefined)?.total_tokens;
    },
  },
  {
    id: 'null-finish-reason',
    description: '`finish_reason` null in a non-streamed response',
    catches: ['response.choices[].finish_reason'],
    evidence: 'peers-and-breakages.md 3.2 item 10',
    completion(c) {
      for (const ch of choicesOf(c)) ch.finish_reason = null;
    },
  },
  {
    id: 'wrong-object',
    description: '`object` is "text_completion" on a chat completion',
    catches: ['response.object'],
    completion(c) {
      c.object = 'text_completion';
    },
  },
  {
    id: 'tool-arguments-object',
    description: 'tool call `function.arguments` as a JSON object instead of a JSON string (non-streamed)',
    catches: ['response.choices[].message.tool_calls[].function.arguments'],
    evidence: 'peers-and-breakages.md 3.4 item 25 (llama.cpp #20198, TGI #2136)',
    completion(c) {
      for (const ch of choicesOf(c)) {
        const calls = (ch.message as Obj | undefined)?.tool_calls;
        if (Array.isArray(calls))
          for (const call of calls as Obj[]) {
            const fn = call.function as Obj | undefined;
            if (fn && typeof fn.arguments === 'string') fn.arguments = JSON.parse(fn.arguments);
          }
      }
    },
  },
  {
    id: 'flat-error-string',
    description: 'errors as a bare string: {"error": "..."}',
    catches: ['error.*', 'message.tool_call_id.mismatch', ...RESPONSES_ERROR_CASES],
    evidence: 'peers-and-breakages.md 3.6 item 40 (LM Studio; autogen #279)',
    error(reply) {
      const e = (reply.body as { error?: { message?: string } })?.error;
      return { ...reply, body: { error: e?.message ?? 'error' } };
    },
  },
  {
    id: 'error-without-param',
    description: 'error envelope without the `param` key',
    catches: ['error.*', ...RESPONSES_ERROR_CASES],
    evidence: 'wire-format.md 4.1: all four keys are required, param and code nullable',
    error(reply) {
      const e = (reply.body as { error?: Obj })?.error;
      if (e) delete e.param;
      return reply;
    },
  },
  {
    id: 'server-error-for-bad-input',
    description: 'answers bad requests with 500 (SDKs then retry them)',
    catches: ['error.*', 'message.tool_call_id.mismatch', ...RESPONSES_ERROR_CASES],
    evidence: 'peers-and-breakages.md 3.5 item 34 (vLLM #35438)',
    error(reply) {
      if (reply.status >= 400 && reply.status < 500 && reply.status !== 401 && reply.status !== 429) {
        return { ...reply, status: 500, body: { error: { message: 'Internal server error', type: 'server_error', param: null, code: null } } };
      }
      return reply;
    },
  },
  {
    id: 'ok-for-unknown-model',
    description: 'answers an unknown model with 200 (serves a default model instead)',
    catches: ['error.unknown-model', 'request.model'],
    evidence: 'peers-and-breakages.md 3.6 item 41 (LM Studio)',
    request(body, ctx) {
      const known = knownModels(ctx.profile);
      if (typeof body.model === 'string' && !known.includes(body.model)) return { ...body, model: known[0] };
      return body;
    },
  },
  {
    id: 'stack-trace-in-message',
    description: 'error messages carry a stack trace and an internal path',
    catches: ['error.*', ...RESPONSES_ERROR_CASES],
    evidence: 'flexai-openai-compatibility.txt: "500 with a stack trace"',
    error(reply) {
      const e = (reply.body as { error?: Obj })?.error;
      if (e)
        e.message = `${String(e.message)}\nTraceback (most recent call last):\n  File "/srv/app/gateway/handlers.py", line 88, in create\n    raise ValueError(msg)`;
      return reply;
    },
  },
];
