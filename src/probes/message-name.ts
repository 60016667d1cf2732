/**
 * messages[].name: a name changes nothing a client can read in the answer's protocol fields, but it is
 * rendered into the prompt (OpenAI counts its tokens), so usage.prompt_tokens against the baseline (the
 * same user message without a name) shows whether it reached the model:
 *  - more prompt tokens → supported; the same → ignored, dropped before the model;
 *  - fewer → broken (the message itself lost content).
 * A token count is accounting, not protocol: heuristic either way (prompt-tokens.ts).
 * Without usable prompt_tokens the effect is unobservable (whether the model *uses* a name is a matter
 * of model quality, not protocol).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { observeByPromptTokens } from './prompt-tokens.js';

function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  return observeByPromptTokens(io, key, row, (delta, [with_, without]) => {
    if (delta > 0) return { observed: 'supported', note: `the name added ${delta} prompt tokens` };
    if (delta === 0) return { observed: 'ignored', note: `prompt_tokens ${with_} with the name, ${without} without: it never reached the model` };
    return { observed: 'broken', note: `a message with a name counts fewer prompt tokens (${with_}) than without (${without})` };
  });
}

export const messageNameProbe: Probe = { keys: ['message.name'], observe };
