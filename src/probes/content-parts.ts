/**
 * messages[].content as an array of text parts: the probe sends the baseline's own prompt as one text
 * part, so a server that reads parts puts exactly the same text in front of the model. usage.prompt_tokens
 * against the baseline (the same text as a string):
 *  - equal (±1) → supported;
 *  - fewer → ignored: the parts were dropped and the text never reached the model;
 *  - more → broken: the array reached the model as serialised text ("[{'type': 'text', ...").
 * The counts are accounting (heuristic), and usable only when the run's usage gate passes: "3 vs 3" from a
 * target that reports the same usage for everything says nothing. Without usable prompt_tokens the effect is unobservable; acceptance is still reported (a 400/422 on
 * content arrays is the common breakage, peers §3.5 item 35).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { observeByPromptTokens } from './prompt-tokens.js';

function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  return observeByPromptTokens(io, key, row, (delta, [parts, text]) => {
    if (Math.abs(delta) <= 1) return { observed: 'supported', note: `prompt_tokens ${parts} as parts, ${text} as a string` };
    if (delta < 0) return { observed: 'ignored', note: `prompt_tokens ${parts} as parts vs ${text} as a string: the text never reached the model` };
    return { observed: 'broken', note: `prompt_tokens ${parts} as parts vs ${text} as a string: the array reached the model as serialised text` };
  });
}

export const contentPartsProbe: Probe = { keys: ['message.content.parts'], observe };
