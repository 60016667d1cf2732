/** Cases for request fields (`request.<key>`) and message fields (`message.<key>`): one per profile row. */
import type { FieldRow, Profile } from '../spec/profile.types.js';
import { rowCases, type RowCheck } from './rows.js';
import { probeFor } from '../probes/index.js';
import { observeAcceptance } from '../probes/generic.js';
import { judgeField, describeFieldRow } from '../probes/judge.js';

function fieldCheck(area: 'request' | 'message'): RowCheck<FieldRow> {
  return {
    describe: describeFieldRow,
    observe: (io, key, row) => probeFor(`${area}.${key}`)?.observe(io, key, row) ?? observeAcceptance(io, area, key, row),
    judge: (obs, row) => judgeField(obs, row),
  };
}

export function requestCases(profile: Profile, reference: Profile) {
  return rowCases('request', profile.request, reference.request, { profile, reference }, fieldCheck('request'));
}

export function messageCases(profile: Profile, reference: Profile) {
  return rowCases('message', profile.messages, reference.messages, { profile, reference }, fieldCheck('message'));
}
