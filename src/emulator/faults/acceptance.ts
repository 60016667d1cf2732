/**
 * Faults for rows whose claim is acceptance (`claim: acceptance`): valid requests refused the way strict or
 * crashing servers refuse them. Each is caught by the cases that send the request it refuses.
 */
import type { ErrorReply, Fault, FaultContext } from './types.js';
import { requestRowFor } from '../profile-view.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Answers the chat requests `matches` picks with `reply` instead of a completion. The emulator has no hook
 * that answers after reading the body, so the matching request is emptied (the emulator refuses an empty
 * body) and that refusal is rewritten; `ctx.body` is still the request as sent.
 */
function refusing(
  fault: Omit<Fault, 'request' | 'error'>,
  matches: (body: Obj, ctx: FaultContext) => boolean,
  reply: (body: Obj, ctx: FaultContext) => ErrorReply,
): Fault {
  return {
    ...fault,
    request: (body, ctx) => (matches(body, ctx) ? {} : body),
    error: (r, ctx) => (isObj(ctx.body) && ctx.route.endsWith('/chat/completions') && matches(ctx.body, ctx) ? reply(ctx.body, ctx) : r),
  };
}

const envelope = (status: number, message: string, param: string | null): ErrorReply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: { error: { message, type: 'invalid_request_error', param, code: null } },
});

/** Top-level keys of a request that no row of the profile governs (a made-up key). */
const unknownKeys = (body: Obj, ctx: FaultContext) =>
  Object.keys(body).filter((k) => k !== 'model' && k !== 'messages' && !requestRowFor(ctx.profile, k, body[k]).row);

const nullContentBesideToolCalls = (body: Obj) =>
  Array.isArray(body.messages) && body.messages.some((m) => isObj(m) && m.role === 'assistant' && m.content === null && Array.isArray(m.tool_calls));

export const acceptanceFaults: Fault[] = [
  refusing(
    {
      id: 'refuses-long-user',
      description: "refuses a `user` longer than 64 characters (400), applying safety_identifier's limit to user",
      catches: ['request.user.long'],
      evidence: 'wire-format.md 1.1: user has no maximum length, safety_identifier has 64; parasail-via-bifrost.md: a gateway enforcing 64 characters on user',
    },
    (body) => typeof body.user === 'string' && body.user.length > 64,
    () => envelope(400, "Invalid 'user': string too long. Expected a string with maximum length 64.", 'user'),
  ),
  refusing(
    {
      id: 'refuses-null-assistant-content',
      description: 'refuses an assistant message whose content is null beside tool_calls (400 "content must be a string")',
      // The tool round trip needs that assistant turn: every message case that sends it is refused with it.
      catches: ['message.assistant-null-content-with-tool-calls', 'message.role.tool', 'message.tool_calls', 'message.tool_call_id', 'message.tool-round-trip'],
      evidence:
        'peers-and-breakages.md 3.5 item 38 (SDK-emitted assistant fields rejected); wire-format.md 1.2: content is "Required unless tool_calls or function_call is specified"',
    },
    nullContentBesideToolCalls,
    () => envelope(400, "Invalid type for 'messages[1].content': expected a string, but got null instead.", 'messages[1].content'),
  ),
  refusing(
    {
      id: 'unknown-field-500',
      description: 'crashes with a 500 on a top-level key it does not know (a strict validator that raises instead of answering 400)',
      catches: ['request.unknown-field'],
      evidence: 'peers-and-breakages.md 3.5 item 34 (vllm #17038: 500s that should be 400/422)',
    },
    (body, ctx) => unknownKeys(body, ctx).length > 0,
    () => ({
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: { error: { message: 'Internal Server Error', type: 'server_error', param: null, code: null } },
    }),
  ),
  refusing(
    {
      id: 'unknown-field-bare-422',
      description: 'refuses a top-level key it does not know with a 422 whose body is a framework\'s {"detail": [...]}, not the error envelope',
      catches: ['request.unknown-field'],
      evidence: 'peers-and-breakages.md 3.6 item 40 (ray #64833: bare {"detail": …} bodies); 3.5 item 39 (strict servers 400/422 on non-standard keys)',
    },
    (body, ctx) => unknownKeys(body, ctx).length > 0,
    (body, ctx) => ({
      status: 422,
      headers: { 'content-type': 'application/json' },
      body: { detail: unknownKeys(body, ctx).map((k) => ({ type: 'extra_forbidden', loc: ['body', k], msg: 'Extra inputs are not permitted' })) },
    }),
  ),
];
