/**
 * top_p: the spread rule of spread.ts with the row's value (default 0.05, a nucleus of about one token) as
 * the narrow setting against 1 (the whole distribution), at the default temperature, so that this case does
 * not depend on temperature being honoured. A small top_p must collapse the spread that 1 shows. Its
 * confidence is derived from the rule's signals (spread.ts), never assigned here.
 * Requests: k to 2k, all fresh (spread.ts stops once the outcome is settled).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields } from './values.js';
import { notProbed } from './send.js';
import { observeSpread } from './spread.js';

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const narrow = requestProbeFields(key, row)?.top_p;
  // Only a value below 1 narrows anything; 1 is the wide setting itself.
  if (typeof narrow !== 'number' || !(narrow >= 0 && narrow < 1)) return notProbed('request.top_p (a number below 1)');
  return observeSpread(io, { field: 'top_p', narrow, wide: 1 });
}

export const topPProbe: Probe = { keys: ['request.top_p'], observe };
