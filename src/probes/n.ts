/**
 * n: ask for n choices (the row's `value`, default 2) and count `choices`. The count is the signal, so
 * the probe is decisive whatever the text: n choices → supported; one → ignored; any other count → broken.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, notProbed } from './send.js';
import { fromSignals, protocol } from '../cases/evidence.js';

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  const asked = body?.n;
  if (!body || typeof asked !== 'number' || !Number.isInteger(asked) || asked < 2) return notProbed('request.n (a value of 2 or more)');
  const probe = await sendChat(io, body, 'request.n');
  if (!probe.ok) return probe.observation;
  const got = probe.view.choices.length;
  const evidence = { n: asked, choices: got };
  // A choice count stands on its own: no answer has more than one choice unless asked (no control needed).
  const signals = [protocol('choices.length', got)];
  if (got === asked) return fromSignals({ observed: 'supported', evidence, signals });
  if (got === 1) return fromSignals({ observed: 'ignored', evidence, signals, note: `${asked} choices asked, 1 returned` });
  return fromSignals({ observed: 'broken', evidence, signals, note: `${asked} choices asked, ${got} returned` });
}

export const nProbe: Probe = { keys: ['request.n'], observe };
