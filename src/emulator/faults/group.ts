/**
 * Faults for group testing (src/probes/group.ts): acceptance-only fields are sent together, so a target that
 * refuses one of them refuses the whole group. The split must find exactly the refused field(s), each failing
 * on its own refusal, and blame none of the fields sent beside it. The effect probes of fields declared
 * ignored are grouped too (src/probes/group-ignored.ts): a target that honours one of them shows its effect in
 * the group's answer, and the split must decide that field on its own request and the others as before.
 */
import { choicesOf, sendFaultError, type Fault } from './types.js';

type Obj = Record<string, unknown>;

/** Refuses a chat request that carries any of `fields` (400 naming the first one met), as strict validators do. */
function refusesFields(id: string, description: string, fields: string[], evidence: string): Fault {
  return {
    id,
    description,
    catches: fields.map((f) => `request.${f}`),
    evidence,
    refuse(body) {
      const hit = fields.filter((f) => body && typeof body === 'object' && f in (body as Obj));
      if (!hit.length) return undefined;
      return {
        status: 400,
        type: 'invalid_request_error',
        param: hit[0],
        code: null,
        message: `Unrecognized request argument supplied: ${hit.join(', ')}`,
      };
    },
  };
}

/**
 * Refuses one bad value Parallel documents as ignored (the profile declares its error row 2xx): the group of
 * accepted bad values (src/probes/group-errors.ts) is refused as a whole, and the split must find this one.
 * `param` names the field (the split takes it apart at once), or null (halves, dearer but as exact).
 */
function refusesBadValue(id: string, row: string, field: string, value: (v: unknown) => boolean, param: string | null, evidence: string): Fault {
  return {
    id,
    description: `refuses \`${field}\` out of range with a 400${param ? ` naming it` : ' naming nothing'}, where Parallel documents the value as ignored`,
    profile: 'parallel',
    catches: [`error.${row}`],
    evidence,
    refuse(body) {
      if (!body || typeof body !== 'object' || !(field in (body as Obj)) || !value((body as Obj)[field])) return undefined;
      return { status: 400, type: 'invalid_request_error', param, code: null, message: `Invalid value for '${field}'.` };
    },
  };
}

export const groupFaults: Fault[] = [
  refusesFields(
    'refuses-metadata',
    'refuses `metadata` with a 400 (an API version that does not know it): one field of the acceptance group',
    ['metadata'],
    'Azure OpenAI before 2024-10: "Unrecognized request argument supplied: metadata"; issue #13 item 3 (the split finds the field)',
  ),
  refusesFields(
    'refuses-store-and-service-tier',
    'refuses `store` and `service_tier` with a 400 naming both: two fields of the acceptance group',
    ['store', 'service_tier'],
    'Azure OpenAI API versions without stored completions or tiers: "Unrecognized request arguments supplied: service_tier, store"; issue #13 item 3',
  ),
  refusesBadValue(
    'parallel-refuses-n-zero',
    'n-zero',
    'n',
    (v) => v === 0,
    'n',
    "a Parallel release validating n against OpenAI's range; issue #13 item 3 (the split of the accepted bad values finds it)",
  ),
  refusesBadValue(
    'parallel-refuses-five-stops',
    'too-many-stop',
    'stop',
    (v) => Array.isArray(v) && v.length > 4,
    null,
    "a Parallel release enforcing OpenAI's four stop sequences without naming the param; issue #13 item 3 (halves find it)",
  ),
  {
    id: 'parallel-honours-n',
    description: 'returns n choices for n > 1, where Parallel documents n as ignored: one effect in the group of fields declared ignored',
    profile: 'parallel',
    catches: ['request.n'],
    // Sent beside n in the group: each is decided on a part of the split where nothing showed an effect.
    mustPass: ['request.max_tokens', 'request.stop', 'request.logprobs', 'request.tools'],
    evidence: 'a Parallel release that starts honouring n before its documentation says so; issue #13 item 3 (the split finds the field)',
    completion(c, ctx) {
      const n = (ctx.body as Obj | undefined)?.n;
      const first = choicesOf(c)[0];
      if (!first || typeof n !== 'number' || !Number.isInteger(n) || n < 2 || n > 8) return;
      c.choices = Array.from({ length: n }, (_, index) => ({ ...structuredClone(first), index }));
    },
  },
  {
    id: 'parallel-example-on-every-answer',
    description:
      'puts one example tool call (to "string") and example logprobs (one alternative per token) on every answer, asked for or not, as a schema-example mock does, where Parallel documents tools, tool_choice and logprobs as ignored',
    profile: 'parallel',
    // Parallel documents both as always empty: the example's call and logprobs are there to be seen.
    catches: ['response.choices[].message.tool_calls', 'response.choices[].logprobs'],
    // The fields declared ignored had no effect: every answer, the baseline's too, carries the same call and
    // alternatives. Blaming tools, tool_choice, top_logprobs or the legacy forcing for them is a fail the
    // baseline contradicts (function_call: the forced get_weather never came back, the example's call did).
    mustPass: ['request.tools', 'request.tool_choice.required', 'request.tool_choice.none', 'request.top_logprobs', 'request.function_call'],
    // The baseline carries logprobs too: logprobs: true shows nothing; functions alone has no signal of its own.
    unsettles: ['request.logprobs', 'request.functions'],
    evidence:
      'test/thirdparty/prism.parallel.expected.yaml: Prism answers every request with its example (a call to "string", logprobs with one alternative), and tools, tool_choice "required"/"none" and top_logprobs failed under the parallel profile on that call',
    completion(c) {
      for (const ch of choicesOf(c)) {
        const msg = (ch.message ?? {}) as Obj;
        msg.tool_calls = [{ id: 'call_example', type: 'function', function: { name: 'string', arguments: '{}' } }];
        ch.message = msg;
        const alt = { token: 'string', logprob: -0.1, bytes: [115, 116, 114, 105, 110, 103] };
        ch.logprobs = { content: [{ ...alt, top_logprobs: [alt] }], refusal: null };
      }
    },
  },
  {
    id: 'parallel-calls-first-tool',
    description:
      'calls the first declared function whenever tools are sent, whatever tool_choice says, where Parallel documents tools and tool_choice as ignored (a server that honours tools and never reads tool_choice)',
    profile: 'parallel',
    // tools has an effect (declared ignored); the always-empty tool_calls row sees the calls.
    catches: ['request.tools', 'response.choices[].message.tool_calls'],
    // tool_choice is never read: "none" gets the call auto gets (no effect), the named get_time is not called.
    mustPass: ['request.tool_choice.none', 'request.tool_choice.named'],
    // "required" gets a call, but so does auto: whether the choice did anything cannot be seen.
    unsettles: ['request.tool_choice.required'],
    evidence:
      'docs/third-party.md: @dwmkerr/mock-llm with a rule calling body.tools[0] whenever tools are sent failed tool_choice "required" and "none" under the parallel profile, which the rule never reads',
    completion(c, ctx) {
      const tools = (ctx.body as Obj | undefined)?.tools;
      const first = Array.isArray(tools) ? (tools[0] as { function?: { name?: unknown } } | undefined)?.function?.name : undefined;
      if (typeof first !== 'string') return;
      for (const ch of choicesOf(c)) {
        ch.message = { role: 'assistant', content: null, tool_calls: [{ id: 'call_first', type: 'function', function: { name: first, arguments: '{}' } }] };
        ch.finish_reason = 'tool_calls';
      }
    },
  },
  {
    id: 'validates-account-ids',
    description: "refuses a made-up OpenAI-Organization or OpenAI-Project with a 401, as OpenAI does: the tolerated headers' group splits them off at once",
    catches: [],
    unsettles: ['header.openai-organization', 'header.openai-project', 'header.auth.organization-header'],
    mustPass: ['header.user-agent', 'header.x-stainless-*'],
    evidence:
      'OpenAI answers 401 "No such organization" to an organization the key does not belong to; issue #13 item 3 (a validating target costs one request more than sending each header alone, not twice as many)',
    handle(req, res) {
      const h = ['openai-organization', 'openai-project'].find((k) => req.headers[k] !== undefined);
      if (!h) return false;
      return sendFaultError(res, 401, `No such ${h === 'openai-project' ? 'project' : 'organization'}: ${String(req.headers[h])}`);
    },
  },
];
