/**
 * Requests per case on full runs against the emulator (issue #13 item 3): counted, never timed. Group testing
 * (group.ts, group-sampling.ts) and sampling that stops once settled (spread.ts) bring the openai profile
 * from 115 requests for 171 cases (0.67) to 84 (0.49) and parallel from 116 (0.68) to 73 (0.43); with the
 * Responses area (25 cases, 15 requests), the conversation checks and at most one message field per group
 * (their turns must be their own), openai sends 111 for 203 (0.55) and parallel 98 (0.48). Group testing of the
 * bad values declared accepted (Parallel's six: one request, group-errors.ts) and of the tolerated request
 * headers (one request, group-headers.ts), seed's control read from temperature's wide samples and the
 * streamed baseline as the first latency sample: openai 108 (0.53), parallel 91 (0.45). Parallel's pages document
 * chat completions only, so its profile declares the Responses API unsupported (endpoints.responses) instead of
 * inheriting OpenAI's served area: the area's 15 requests become one (responses.object's refused baseline, which
 * endpoint.responses reads too). The effect probes of the fields Parallel declares ignored read from one request
 * where their bodies compose (group-ignored.ts: 12 requests become 5, the tool fields one a request each):
 * parallel 70 for 205 cases (0.34, the goal met); openai declares none ignored. The openai goal (0.45) is not met: what is left
 * is one request per case where the case's own answer is its evidence (error rows declared rejected, 21;
 * credentials, CORS, endpoints; each message field's own turns; the Responses area) and the probes read for an
 * effect on a field not declared ignored, each alone. The cases listed at 2 requests mostly paid for a shared
 * request they happened to send first (a baseline, the include_usage stream, the tool_choice answer a round trip
 * continues); their own are one each and carry their verdict: x-request-id's repeat of an identical request (the
 * fault request-id-per-request needs it), store's store:false create and its GET, the round trip's second turn,
 * stop's own request, x-api-key's no-key control on its own path, basis's one request per carrier model, and a
 * latency claim's k - 1 fresh samples. Probes reading another probe's request for their effect where no group of
 * fields declared ignored holds them (logprobs and choices[].logprobs read top_logprobs's, the named tool_choice
 * reads tools.strict's, tools reads the forced tool_choice requests first, n rides on tool_choice "none"'s) and
 * top_p sampled at temperature 1.5 against temperature's wide samples: openai 102 for 204 (0.50), parallel 70 (unchanged: its fields are in the groups).
 * Session 6 met the openai goal: the narrow samples of temperature, top_p and seed stop at three identical texts
 * (samples.ts REPEATS_TO_SETTLE; any difference goes on to k), instructions and store: false ride on one Responses
 * request (only the honoured reading of each is taken from it), and the message fields that are one user turn
 * (role.user, an image part, cache_control, modalities, prompt_cache_breakpoint) merge into one turn of the
 * acceptance group (user-turn-merge.ts): openai 91 for 204 (0.446), parallel 67 (0.33).
 * Every request is attributed to exactly one case, so results.json's per-case costs add up to the total.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

const perCase = (r: Awaited<ReturnType<typeof runCases>>) => r.sent / r.cases.length;

describe('requests per case (full runs against the emulator)', () => {
  it('openai: at most 0.45 a case (the goal), each case says what it cost, and nothing is sent twice', async () => {
    const r = await runCases({ profile: 'openai' });
    expect(r.failing).toEqual([]);
    expect(perCase(r), `${r.sent} requests for ${r.cases.length} cases`).toBeLessThanOrEqual(0.45);
    expect(r.cases.reduce((n, c) => n + (c.requests ?? 0), 0)).toBe(r.sent);
    expect(r.serverRequests).toBe(r.sent);
  });

  it('parallel: at most 0.335 a case (goal 0.35), each case says what it cost', async () => {
    const r = await runCases({ profile: 'parallel' });
    expect(r.failing).toEqual([]);
    expect(perCase(r), `${r.sent} requests for ${r.cases.length} cases`).toBeLessThanOrEqual(0.335);
    expect(r.cases.reduce((n, c) => n + (c.requests ?? 0), 0)).toBe(r.sent);
  });
});
