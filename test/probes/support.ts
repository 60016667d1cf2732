/** Shared by the probe tests: fixture paths and the ids of the fields that have a probe module. */
import { fileURLToPath } from 'node:url';
import { PROBES } from '../../src/probes/index.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/profiles/${name}.yaml`, import.meta.url));

/**
 * Every case id a probe module verifies in the three directions. `request.model` is left out: every request
 * carries a model, so it cannot be "rejected", and its "ignored" direction is a target that answers a made-up
 * model (the ok-for-unknown-model fault); test/probes/model.test.ts covers both.
 */
/**
 * request.model has its own test; tool_choice "none" can only be contradicted (a call under "none"), never
 * confirmed from outside, so it has no honoured direction: test/probes/tool-choice-none.test.ts. The tool
 * round trip is a conversation, not a field a profile can drop: test/probes/conversation.test.ts. A strict
 * function's arguments are judged against its schema, not flipped by a fixture (valid arguments cannot show
 * strict ignored): test/probes/tools-strict.test.ts.
 */
const OWN_TESTS = new Set(['request.model', 'request.tool_choice.none', 'message.tool-round-trip', 'request.tools.strict']);
export const PROBED: string[] = PROBES.flatMap((p) => p.keys).filter((id) => !OWN_TESTS.has(id));

/** `--only` for exactly the probed cases (a prefix would also pick request.stream_options for request.stream). */
export const ONLY_PROBED = PROBED.join(',');

/**
 * Which fixture flips which field. Fields other probes send along (logprobs under top_logprobs, tools
 * under tool_choice, stream under include_usage, tool_choice under parallel_tool_calls, functions under
 * function_call) are flipped in
 * their own fixtures, so that every probe meets exactly its own field dropped or refused.
 */
export function fixtureFor(direction: 'ignored' | 'rejected', id: string): string {
  const roots = ['request.logprobs', 'request.tools', 'request.stream', 'request.functions'];
  if (id === 'request.tool_choice.required') return direction === 'ignored' ? 'probe-ignored-roots' : 'probe-rejected-tool-choice';
  return roots.includes(id) ? `probe-${direction}-roots` : `probe-${direction}`;
}
