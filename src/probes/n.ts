/**
 * n: ask for n choices (the row's `value`, default 2) and count `choices`. The count is the signal, so
 * the probe is decisive whatever the text: n choices → supported; one → ignored; any other count → broken.
 * Requests: none of its own where tool_choice "none"'s request carries n (tool-choice.ts carriedN: n declared
 * supported) and answers with n choices: only that reading is taken from it (no answer has more than one
 * choice unless asked). Any other count there, or a refusal, and the probe sends its own request, whose
 * answer is the verdict: a count of 1 beside tools must not become "ignored" for n alone.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, notProbed } from './send.js';
import { fromSignals, protocol } from '../cases/evidence.js';
import { carriedN, forcedAnswer } from './tool-choice.js';

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  const asked = body?.n;
  if (!body || typeof asked !== 'number' || !Number.isInteger(asked) || asked < 2) return notProbed('request.n (a value of 2 or more)');
  const host = carriedN(io) === asked ? await forcedAnswer(io, 'tool_choice.none') : undefined;
  const carried = host?.body.n === asked && host.probe.ok && host.probe.view.choices.length === asked ? host.probe : undefined;
  const probe = carried ?? (await sendChat(io, body, 'request.n'));
  if (!probe.ok) return probe.observation;
  const got = probe.view.choices.length;
  const evidence = { n: asked, choices: got, ...(carried ? { read_from: 'request.tool_choice.none' } : {}) };
  // A choice count stands on its own: no answer has more than one choice unless asked (no control needed).
  const signals = [protocol('choices.length', got)];
  if (got === asked) return fromSignals({ observed: 'supported', evidence, signals });
  if (got === 1) return fromSignals({ observed: 'ignored', evidence, signals, note: `${asked} choices asked, 1 returned` });
  return fromSignals({ observed: 'broken', evidence, signals, note: `${asked} choices asked, ${got} returned` });
}

export const nProbe: Probe = { keys: ['request.n'], observe };
