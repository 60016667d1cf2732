/**
 * An instruction role (developer, and system likewise): the probe puts a short developer (or system)
 * message before the baseline's user message. Providers reject the developer role (400/422, peers §3.5
 * item 37), map it to system, or drop it. Reaching the model shows in usage.prompt_tokens against the
 * baseline (the user message alone):
 *  - more prompt tokens → supported; the same → ignored, dropped; fewer → broken.
 * A token count is accounting, not protocol: heuristic either way (prompt-tokens.ts); a rejection (4xx)
 * is the decisive signal.
 * Without usable prompt_tokens the effect is unobservable; following an instruction is model quality.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { observeByPromptTokens } from './prompt-tokens.js';

function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const role = key.replace(/^role\./, '');
  return observeByPromptTokens(io, key, row, (delta, [with_, without]) => {
    if (delta > 0) return { observed: 'supported', note: `the ${role} message added ${delta} prompt tokens` };
    if (delta === 0) return { observed: 'ignored', note: `prompt_tokens ${with_} with the ${role} message, ${without} without: it was dropped` };
    return { observed: 'broken', note: `adding a ${role} message lowered prompt_tokens (${with_} vs ${without})` };
  });
}

export const roleMessageProbe: Probe = { keys: ['message.role.developer', 'message.role.system'], observe };
