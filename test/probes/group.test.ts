/**
 * Group testing for acceptance-only fields (src/probes/group.ts, group-plan.ts): one request accepts every
 * member; a refusal splits the group until the refused field(s) stand alone, each failing on its own
 * refusal, and no field sent beside them is blamed. Real requests to the emulator; counts, never times.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { planAcceptanceGroups } from '../../src/probes/group-plan.js';
import { MAX_GROUP } from '../../src/probes/group-bins.js';
import { composeBody } from '../../src/probes/group.js';
import { probeBody } from '../../src/probes/generic.js';
import { expandCases } from '../../src/cases/index.js';
import { loadProfile } from '../../src/spec/load.js';
import type { CaseIO } from '../../src/cases/types.js';
import type { CaseResult } from '../../src/results/results.types.js';

const openai = loadProfile('openai').profile;
const ev = (c: CaseResult | undefined) => (c?.evidence ?? {}) as Record<string, unknown>;
const fieldCases = (ids: CaseResult[]) => ids.filter((c) => c.area === 'request' || c.area === 'message');

describe('the plan (pure: profile rows and probe values only)', () => {
  const cases = expandCases(openai, openai);
  const plan = planAcceptanceGroups(cases);
  const groupOf = (id: string) => plan.get(id);

  it('acceptance-only fields join; fields read for an effect, shape-changing values and same-key fields do not', () => {
    for (const id of ['request.metadata', 'request.store', 'request.user']) expect(groupOf(id), id).toBeDefined();
    // Several message fields share a group only as one merged user turn; a field with turns of its own (a
    // history before the last user turn) is the only message field of its group (a server may read only the last).
    const groups = new Set(plan.values());
    const ownTurns = (id: string) => id === 'message.role.assistant' || id === 'message.refusal' || id === 'message.audio' || id === 'message.function_call';
    for (const g of groups) {
      const ids = cases.filter((c) => plan.get(c.id) === g && c.area === 'message').map((c) => c.id);
      if (ids.some(ownTurns)) expect(ids.length, ids.join(', ')).toBe(1);
    }
    const userTurn = groupOf('message.role.user');
    for (const id of ['message.content.image', 'message.cache_control', 'message.modalities']) expect(groupOf(id), id).toBe(userTurn);
    expect(
      cases.some((c) => c.area === 'message' && plan.get(c.id)),
      'a message field rides with request fields',
    ).toBe(true);
    // Read for an effect (own probe modules).
    for (const id of ['request.n', 'request.temperature', 'request.prediction', 'message.name', 'message.role.system']) expect(groupOf(id), id).toBeUndefined();
    // audio changes the answer's shape; response_format {type: text} and modalities ["text"] restate the defaults.
    expect(groupOf('request.audio')).toBeUndefined();
    expect(groupOf('request.response_format.text')).toBeDefined();
    expect(groupOf('request.modalities')).toBeDefined();
    // user and user.long set the same key: never in one group.
    expect(groupOf('request.user')).not.toBe(groupOf('request.user.long'));
    for (const g of new Set(plan.values())) expect(g.size).toBeLessThanOrEqual(MAX_GROUP);
  });

  it("one-turn message fields merge into one user turn: every member's change in the last (only) turn", () => {
    const io = { baselineBody: () => ({ model: 'm', messages: [{ role: 'user', content: 'p' }] }) } as unknown as CaseIO;
    const member = (key: string) => ({ id: `message.${key}`, area: 'message' as const, key, row: openai.messages![key] });
    const body = composeBody(io, ['role.user', 'content.image', 'cache_control', 'modalities'].map(member))!;
    const turns = body.messages as Record<string, unknown>[];
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ role: 'user', modalities: ['text'] });
    const parts = turns[0].content as Record<string, unknown>[];
    // The same text is one part, carrying cache_control; the image part follows it.
    expect(parts.filter((p) => p.type === 'text')).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'text', cache_control: { type: 'ephemeral' } });
    expect(parts.map((p) => p.type)).toEqual(['text', 'image_url']);
    // A member with turns of its own is never merged: its turns are sent as they are.
    const refusal = composeBody(io, [member('refusal')])!;
    expect((refusal.messages as unknown[]).length).toBe(3);
  });

  it('a one-turn member whose content is neither a string nor parts is not merged: no other message field shares its group', () => {
    const odd = structuredClone(openai);
    odd.messages!.modalities = {
      ...odd.messages!.modalities!,
      value: [{ role: 'user', content: { text: 'p' }, modalities: ['text'] }] as unknown as Record<string, unknown>,
    };
    const oddCases = expandCases(odd, odd);
    const oddPlan = planAcceptanceGroups(oddCases);
    const g = oddPlan.get('message.modalities');
    if (g) {
      const messageIds = oddCases.filter((c) => oddPlan.get(c.id) === g && c.area === 'message').map((c) => c.id);
      expect(messageIds, messageIds.join(', ')).toEqual(['message.modalities']);
    }
    // The other one-turn members still merge.
    expect(oddPlan.get('message.content.image')).toBe(oddPlan.get('message.role.user'));
  });

  it('a field whose rejection is declared is sent alone', () => {
    const rejecting = structuredClone(openai);
    rejecting.request!.metadata = { ...rejecting.request!.metadata!, status: 'rejected', error: { status: 400 } };
    expect(planAcceptanceGroups(expandCases(rejecting, openai)).get('request.metadata')).toBeUndefined();
  });

  it('a subset of one is exactly the field’s own probe body (so it is shared with it)', () => {
    const io = { baselineBody: () => ({ model: 'm', messages: [{ role: 'user', content: 'p' }] }) } as unknown as CaseIO;
    const rows = { request: openai.request!, message: openai.messages! };
    for (const id of ['request.metadata', 'request.modalities', 'message.refusal', 'message.role.tool']) {
      const [area, ...rest] = id.split('.') as ['request' | 'message', ...string[]];
      const key = rest.join('.');
      const row = rows[area][key];
      expect(JSON.stringify(composeBody(io, [{ id, area, key, row }])), id).toBe(JSON.stringify(probeBody(io, area, key, row)));
    }
  });
});

describe('against the emulator', () => {
  it('clean openai: the acceptance-only fields are accepted in a group, each with the group recorded', async () => {
    const r = await runCases({ profile: 'openai', only: 'request.,message.' });
    const grouped = fieldCases(r.cases).filter((c) => ev(c).group !== undefined);
    expect(grouped.length).toBeGreaterThanOrEqual(15);
    for (const c of grouped) {
      expect(ev(c).split, c.id).toBeUndefined();
      expect(['skip', 'pass'], `${c.id}: ${c.message}`).toContain(c.verdict);
      expect(c.exchanges?.length, c.id).toBe(1);
    }
    // One request for all of them, attributed to the member that asked first.
    const groupRequests = grouped.reduce((n, c) => n + (c.requests ?? 0), 0);
    expect(groupRequests).toBe(new Set(grouped.map((c) => c.exchanges?.[0])).size);
    expect(groupRequests).toBeLessThanOrEqual(2);
    expect(r.byId.get('request.metadata')!.message).toMatch(/accepted in one request with \d+ other acceptance-only fields/);
  });

  it('one refused field: the split finds it, it fails on its own refusal, the rest stay accepted', async () => {
    const r = await runCases({ profile: 'openai', fault: 'refuses-metadata', only: 'request.,message.' });
    expect(r.failing).toEqual(['request.metadata']);
    const c = r.byId.get('request.metadata')!;
    expect(c.message).toMatch(/rejected with 400/);
    const split = ev(c).split as number[];
    expect(split[0]).toBe(ev(c).group);
    expect(split.at(-1)).toBe(1);
    // The refusal names its param, so the split takes the field apart from the rest at once: group, field, rest.
    expect(split).toEqual([split[0], 1]);
    const n = split[0];
    const grouped = fieldCases(r.cases).filter((x) => ev(x).group === n);
    expect(grouped.reduce((s, x) => s + (x.requests ?? 0), 0)).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(n)));
    for (const x of grouped.filter((x) => x.id !== 'request.metadata')) expect(['skip', 'pass'], `${x.id}: ${x.message}`).toContain(x.verdict);
  });

  it('two refused fields: both found, both fail, nothing else is blamed', async () => {
    const r = await runCases({ profile: 'openai', fault: 'refuses-store-and-service-tier', only: 'request.,message.' });
    expect(r.failing.sort()).toEqual(['request.service_tier', 'request.store']);
    // The first refusal names store: store alone and the rest, which is refused again naming service_tier.
    const n = (ev(r.byId.get('request.store')).split as number[])[0];
    expect(ev(r.byId.get('request.store')).split).toEqual([n, 1]);
    expect(ev(r.byId.get('request.service_tier')).split).toEqual([n, n - 1, 1]);
    for (const id of r.failing) {
      expect((ev(r.byId.get(id)).split as number[]).at(-1), id).toBe(1);
      expect(r.byId.get(id)!.message, id).toMatch(/rejected with 400 \(param "(store|service_tier)"\), declared supported/);
    }
  });

  it("a refused image part in the merged user turn: the split finds it; the turn's other fields are not blamed", async () => {
    const r = await runCases({ profile: 'openai', fault: 'image-parts-rejected', only: 'request.,message.' });
    expect(r.failing).toEqual(['message.content.image']);
    expect((ev(r.byId.get('message.content.image')).split as number[]).at(-1)).toBe(1);
    for (const id of ['message.role.user', 'message.cache_control', 'message.modalities', 'request.metadata'])
      expect(['pass', 'skip'], `${id}: ${r.byId.get(id)?.message}`).toContain(r.byId.get(id)?.verdict);
  });

  it('a refusal that names no field (or the wrong one) is split in halves: still exact, only dearer', async () => {
    // refuses-null-assistant-content names messages[1].content whatever the index: a wrong hint.
    const r = await runCases({ profile: 'openai', fault: 'refuses-null-assistant-content', only: 'request.,message.' });
    expect(r.failing.sort()).toEqual([
      'message.assistant-null-content-with-tool-calls',
      'message.role.tool',
      'message.tool-round-trip',
      'message.tool_call_id',
      'message.tool_calls',
    ]);
    // The one riding in a group with request fields is split down to itself; the others sent their own turns alone.
    const split = r.failing.filter((id) => ev(r.byId.get(id)).group !== undefined);
    for (const id of split) expect((ev(r.byId.get(id)).split as number[]).at(-1), id).toBe(1);
    // unknown-field-500 names nothing: halves.
    const h = await runCases({ profile: 'openai', fault: 'unknown-field-500', only: 'request.,message.' });
    expect(h.failing).toEqual(['request.unknown-field']);
    expect((ev(h.byId.get('request.unknown-field')).split as number[]).length).toBeGreaterThan(2);
  });

  it('parallel: its declared-ignored and unsupported acceptance fields are grouped too, and pass or skip as before', async () => {
    const r = await runCases({ profile: 'parallel', only: 'request.,message.' });
    const grouped = fieldCases(r.cases).filter((c) => ev(c).group !== undefined);
    expect(grouped.map((c) => c.id)).toEqual(expect.arrayContaining(['request.metadata', 'request.unknown-field']));
    expect(r.failing).toEqual([]);
  });
});
