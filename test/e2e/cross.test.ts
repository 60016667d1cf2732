/**
 * The profiles are distinct, and each says exactly what differs: checking profile A against the emulator
 * of profile B fails only on rows where A and B declare different behaviour (B's documented deviations),
 * and fails on at least the deviations that are decisive to observe.
 */
import { describe, it, expect } from 'vitest';
import { loadProfile } from '../../src/spec/load.js';
import type { Profile } from '../../src/spec/profile.types.js';
import { runCases } from '../support/run-cases.js';
import { responsesDeclared, responsesPath } from '../../src/checks/responses/declared.js';

const SECTIONS: [keyof Profile, string][] = [
  ['request', 'request'],
  ['messages', 'message'],
  ['response', 'response'],
  ['stream', 'stream'],
  ['errors', 'error'],
  ['headers', 'header'],
  ['endpoints', 'endpoint'],
  ['extensions', 'extension'],
  ['performance', 'performance'],
  ['responses', 'responses'],
];

/** Case-id prefixes of every row whose declaration differs between two profiles (ignoring source and notes). */
function deviations(a: Profile, b: Profile): string[] {
  const strip = (row: unknown) => JSON.stringify(row, (k, v) => (['source', 'note', 'covers', 'seeAlso', 'value'].includes(k) ? undefined : v));
  const out: string[] = [];
  for (const [section, area] of SECTIONS) {
    const ra = (a[section] ?? {}) as Record<string, unknown>;
    const rb = (b[section] ?? {}) as Record<string, unknown>;
    for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) if (strip(ra[key]) !== strip(rb[key])) out.push(`${area}.${key}`);
  }
  for (const [scheme] of Object.entries({ ...(a.auth ?? {}), ...(b.auth ?? {}) })) {
    if (JSON.stringify(a.auth?.[scheme]) !== JSON.stringify(b.auth?.[scheme])) out.push(`header.auth.${scheme}`);
  }
  // Envelope shape, base path, models and limits change what every error/endpoint/header case sees.
  if (JSON.stringify(a.errorEnvelope) !== JSON.stringify(b.errorEnvelope)) out.push('error.', 'extension.');
  if (JSON.stringify(a.models) !== JSON.stringify(b.models)) out.push('extension.', 'endpoint.models', 'endpoint.model-retrieve');
  // The model list's declared fields (FlexAI's category) apply to a retrieved model too.
  if (out.includes('endpoint.models')) out.push('endpoint.model-retrieve');
  // Whether the Responses API is served (endpoints.responses, src/checks/responses/declared.ts) is judged by
  // responses.object alone (the rest of the area skips where it is not served); another path moves the whole area.
  if (responsesDeclared(a) !== responsesDeclared(b)) out.push('responses.object');
  if (responsesPath(a) !== responsesPath(b)) out.push('responses.');
  return out;
}

const explained = (id: string, devs: string[]) => devs.some((d) => id === d || id.startsWith(d.endsWith('.') ? d : `${d}.`));

const PROVIDERS = ['parallel', 'parasail-bifrost', 'flexai'];

describe("cross-runs: a profile against another profile's emulator", () => {
  for (const provider of PROVIDERS) {
    it(`openai checked against the ${provider} emulator fails only on ${provider}'s documented deviations`, async () => {
      const openai = loadProfile('openai').profile;
      const other = loadProfile(provider).profile;
      const devs = deviations(openai, other);
      const r = await runCases({ profile: 'openai', emulate: provider, model: other.target?.defaultModel });
      const unexplained = r.failing.filter((id) => !explained(id, devs));
      expect(unexplained, `failures on rows ${provider} does not deviate on`).toEqual([]);
      expect(r.failing.length).toBeGreaterThan(0);
    });

    it(`${provider} checked against the openai emulator fails only on its documented deviations`, async () => {
      const openai = loadProfile('openai').profile;
      const other = loadProfile(provider).profile;
      const devs = deviations(openai, other);
      const r = await runCases({ profile: provider, emulate: 'openai', model: openai.target?.defaultModel });
      const unexplained = r.failing.filter((id) => !explained(id, devs));
      expect(unexplained, `failures on rows ${provider} does not deviate on`).toEqual([]);
      expect(r.failing.length).toBeGreaterThan(0);
    });
  }

  it('the OpenAI-parity column of a provider run agrees with checking openai against that provider', async () => {
    const own = await runCases({ profile: 'parallel' });
    const cross = await runCases({ profile: 'openai', emulate: 'parallel', model: 'speed' });
    const stochastic = /temperature|seed|performance\./;
    const mismatches: string[] = [];
    for (const c of own.cases) {
      const x = cross.byId.get(c.id);
      if (!c.parity || !x || stochastic.test(c.id)) continue;
      // Parity may decline to judge an observation made for another declaration (skip), never contradict.
      if (c.parity.verdict === 'skip') continue;
      // Nor can heuristic evidence fail under OpenAI's declaration: a quiet reading taken beside other fields
      // declared ignored (src/probes/group-ignored.ts) is inconclusive for parity, where openai's own run of
      // the field alone decides.
      if (c.parity.verdict === 'inconclusive' && c.confidence === 'heuristic' && x.verdict === 'fail') {
        expect((c.evidence as { group?: number }).group, `${c.id}: parity inconclusive on heuristic evidence other than a group reading`).toBeGreaterThan(1);
        continue;
      }
      // A row observed on a path of its own (Parallel's x-api-key on /v1beta) sent another request than
      // openai's row does: there is nothing for the two runs to agree on.
      if (/ on \/\S+$/.test(c.declared ?? '') && c.declared !== x.declared) continue;
      if (c.parity.verdict !== x.verdict) mismatches.push(`${c.id}: parity ${c.parity.verdict}, cross ${x.verdict}`);
    }
    expect(mismatches).toEqual([]);
  });
});
