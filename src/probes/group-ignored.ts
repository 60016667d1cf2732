/**
 * Group testing for fields declared `ignored` whose probe reads an effect (issue #13 item 3): n, stop,
 * max_tokens, logprobs, tools, tool_choice, ... Planned once per run from the profile only, before anything
 * is sent; each member's probe runs exactly as on its own, but its first request is answered by one request
 * carrying every member's fields. The rule that keeps it honest:
 *  - every member's probe reads its own effect from the group's answer (its normal observe). The group's
 *    reading stands for every member only when every member reads *quiet*: `ignored`, or `accepted` with no
 *    signal (no effect seen, none claimed). No effect of any member is then visible, so no effect of one
 *    field can have hidden another's (an honoured `max_tokens` that cut the text under `stop` reads
 *    `supported` itself). What the group cannot rule out is a field whose mere presence turns another's
 *    effect off (a server that drops n whenever tools are sent): a quiet reading taken beside other fields is
 *    therefore heuristic (its signals uncontrolled: the field alone was not sent), a pass and never a failure;
 *  - any other reading by any member (an effect, a refusal, no text, inconclusive, broken, a skip) splits the
 *    group in halves, each read again the same way, down to members alone, which send their own request
 *    exactly as without the group. So every reading that is not quiet, the one a failure or a pass on an
 *    effect rests on, is the member's own request's. A 429 or a dry run is not split (group.ts
 *    `notAboutTheFields`): every member reads it, as it would its own;
 *  - members compose only when their bodies do (planIgnoredGroups): no two set the same top-level key to
 *    different values (identical field sets, `functions` and `function_call`, are one request's), none from
 *    one family of keys that act on each other (FAMILIES: tools, tool_choice and the functions fields;
 *    logprobs and top_logprobs), none sets the messages, streams, samples (group-sampling.ts does those) or
 *    the model, and only rows declared `ignored`, with no path or model scope of their own;
 *  - follow-ups and controls (the baseline, a second request) are sent by the probe as always, through the
 *    run's shared sends. A follow-up that is another member's own first request (tools reads the forced
 *    tool_choice requests) is answered as that member's was decided, when that member's group holds no
 *    member reading others' requests (so no two groups wait on each other).
 * The first member to ask sends the group's requests and the members' readings' follow-ups (its `requests`
 * count them); each member then runs its probe again on its own io, reading the same exchanges shared (no
 * request), so each case lists the exchanges it was decided by. Each records `group` (and `split`).
 * checks/registry/fields.ts runs every field probe through `observeInIgnoredGroup`; a response row that reads
 * a member's first request (the logprobs answer, checks/response-field.ts) reads it as decided (`asDecided`).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { AnyCase, CaseIO, IgnoredDecision, IgnoredGroupHandle, Observation, Signal } from '../cases/types.js';
import type { OutgoingRequest } from '../transport/types.js';
import type { Probe } from './types.js';
import { PROBES } from './index.js';
import { requestProbeFields } from './values.js';
import { stopFields } from './stop.js';
import { toolChoiceFields } from './tool-choice.js';
import { functionsProbeFields } from './functions.js';
import { planBins } from './group-bins.js';
import { halves, notAboutTheFields } from './group.js';
import { chatRequest } from '../cases/chat-request.js';
import { requestKey } from '../transport/sched-key.js';

type Body = Record<string, unknown>;

/** How a member's probe builds its first request: the fields it adds to the baseline (`live`: read at run time). */
interface MemberSpec {
  fields(key: string, row: FieldRow): Body | undefined;
  live?(io: CaseIO, key: string, row: FieldRow): Promise<Body | undefined>;
  /** The probe also reads other fields' first requests (tools reads tool_choice's). */
  follows?: boolean;
}

const PLAIN: MemberSpec = { fields: requestProbeFields };

/** The effect probes that may be grouped, with their first request's fields (each as its module builds them). */
const SPECS: Record<string, MemberSpec> = {
  'request.n': PLAIN,
  'request.max_tokens': PLAIN,
  'request.max_completion_tokens': PLAIN,
  'request.logprobs': PLAIN,
  'request.prediction': PLAIN,
  // top-logprobs.ts always sends logprobs: true beside it.
  'request.top_logprobs': {
    fields: (key, row) => {
      const f = requestProbeFields(key, row);
      return f && { ...f, logprobs: true };
    },
  },
  // stop.ts picks its stop letter from the baseline's text: the key is known before, the value only then.
  'request.stop': { fields: requestProbeFields, live: stopFields },
  'request.tools': { fields: requestProbeFields, follows: true },
  'request.tool_choice.required': { fields: toolChoiceFields },
  'request.tool_choice.named': { fields: toolChoiceFields },
  'request.tool_choice.none': { fields: toolChoiceFields },
  'request.functions': { fields: forcingFunctions },
  'request.function_call': { fields: forcingFunctions },
};

/** functions.ts's forcing request, when it forces a name (otherwise it falls back to the acceptance probe). */
function forcingFunctions(key: string, row: FieldRow): Body | undefined {
  const b = functionsProbeFields(key, row);
  const forced = b?.function_call as { name?: unknown } | undefined;
  return b && typeof forced?.name === 'string' ? b : undefined;
}

/** Keys that act on one another: two members touching one family never share a request (unless identical). */
const FAMILIES: Record<string, string> = {
  tools: 'tools',
  tool_choice: 'tools',
  functions: 'tools',
  function_call: 'tools',
  parallel_tool_calls: 'tools',
  logprobs: 'logprobs',
  top_logprobs: 'logprobs',
};

/** Keys no member may set: the conversation, streaming, sampling (group-sampling.ts) and the model. */
const NEVER: ReadonlySet<string> = new Set(['messages', 'stream', 'stream_options', 'temperature', 'top_p', 'seed', 'model']);

interface Member {
  id: string;
  key: string;
  row: FieldRow;
  probe: Probe;
  spec: MemberSpec;
}

/** A reading that shows no effect and claims none: the only one a group's answer may stand for. */
function quiet(o: Observation): boolean {
  if (o.verdict) return false;
  return o.observed === 'ignored' || (o.observed === 'accepted' && !o.signals?.length);
}

const liveFields = (io: CaseIO, m: Member): Promise<Body | undefined> =>
  m.spec.live ? m.spec.live(io, m.key, m.row) : Promise.resolve(m.spec.fields(m.key, m.row));

/** A CaseIO whose sends go where `route` says (a request standing in for them), everything else as `io`. */
function routed(io: CaseIO, route: (req: OutgoingRequest) => Promise<OutgoingRequest | undefined>): CaseIO {
  const send = async (req: OutgoingRequest) => io.send((await route(req)) ?? req);
  return { ...io, send, chat: (extra, opts) => send(chatRequest(io, extra, opts)) };
}

/** Every group of the run, for the follow-ups that are another member's first request. */
class IgnoredPlan {
  readonly groups: IgnoredGroup[] = [];
  private readonly keys = new Map<string, Promise<string | undefined>>();

  /** The request key of a member's own first request (memoised: stop's needs the shared baseline). */
  ownKey(io: CaseIO, m: Member): Promise<string | undefined> {
    let k = this.keys.get(m.id);
    if (!k) {
      k = liveFields(io, m).then((f) => f && requestKey(chatRequest(io, f)));
      this.keys.set(m.id, k);
    }
    return k;
  }

  /** The io a member's probe runs on: its own first request answered by `standIn`, other members' as decided. */
  memberIO(io: CaseIO, group: IgnoredGroup, m: Member, standIn: OutgoingRequest | undefined): CaseIO {
    return routed(io, async (req) => {
      const key = requestKey(req);
      if (standIn && key === (await this.ownKey(io, m))) return standIn;
      for (const g of this.groups) {
        if (g === group || g.follows) continue;
        for (const other of g.members) {
          if (key !== (await this.ownKey(io, other))) continue;
          return (await g.decide(io, other.id)).standIn;
        }
      }
      return undefined;
    });
  }
}

class IgnoredGroup implements IgnoredGroupHandle {
  private decided?: Promise<Map<string, IgnoredDecision>>;
  readonly follows: boolean;

  constructor(
    readonly members: readonly Member[],
    private readonly plan: IgnoredPlan,
  ) {
    this.follows = members.some((m) => m.spec.follows);
  }

  get size(): number {
    return this.members.length;
  }

  async decide(io: CaseIO, caseId: string): Promise<IgnoredDecision> {
    this.decided ??= this.settle(io, this.members, []);
    const d = (await this.decided).get(caseId);
    if (!d) throw new Error(`${caseId} is not a member of this group of fields declared ignored`);
    return d;
  }

  async memberIO(io: CaseIO, caseId: string): Promise<CaseIO> {
    const d = await this.decide(io, caseId);
    return this.plan.memberIO(io, this, this.member(caseId), d.standIn);
  }

  private member(id: string): Member {
    const m = this.members.find((x) => x.id === id);
    if (!m) throw new Error(`${id} is not a member of this group of fields declared ignored`);
    return m;
  }

  private async settle(io: CaseIO, members: readonly Member[], path: number[]): Promise<Map<string, IgnoredDecision>> {
    const here = [...path, members.length];
    // Alone: the member sends its own request, exactly as without the group.
    if (members.length === 1) return new Map([[members[0].id, { size: 1, path: here }]]);
    const fields = await Promise.all(members.map((m) => liveFields(io, m)));
    if (fields.every((f) => f !== undefined)) {
      const purpose = `${members[0].id} group of ${members.length} fields declared ignored`;
      const standIn = chatRequest(io, Object.assign({}, ...fields) as Body, { purpose });
      const ex = await io.send(standIn);
      const decided = new Map(members.map((m) => [m.id, { standIn, size: members.length, path: here }]));
      if (notAboutTheFields(ex)) return new Map(members.map((m) => [m.id, { standIn, size: members.length, path: here, unread: true }]));
      const readings = await Promise.all(members.map((m) => m.probe.observe(this.plan.memberIO(io, this, m, standIn), m.key, m.row)));
      if (readings.every(quiet)) return decided;
    }
    const parts = await Promise.all(halves(members).map((part) => this.settle(io, part, here)));
    return new Map(parts.flatMap((p) => [...p]));
  }
}

function candidate(c: AnyCase): { member: Member; keys: Record<string, string> } | undefined {
  const spec = SPECS[c.id];
  const row = c.row as FieldRow | undefined;
  if (c.area !== 'request' || !spec || row?.status !== 'ignored') return undefined;
  const scoped = row as { path?: unknown; models?: unknown };
  if (scoped.path !== undefined || (Array.isArray(scoped.models) && scoped.models.length)) return undefined;
  const probe = PROBES.find((p) => p.keys.includes(c.id));
  const fields = spec.fields(c.subject, row);
  if (!probe || !fields || Object.keys(fields).some((k) => NEVER.has(k))) return undefined;
  // Each key (or its family) carries the member's whole field set: only identical sets share one.
  const set = JSON.stringify(fields);
  const keys = Object.fromEntries(Object.keys(fields).map((k) => [FAMILIES[k] ?? k, set]));
  return { member: { id: c.id, key: c.subject, row, probe, spec }, keys };
}

/** The run's groups of effect probes for fields declared ignored, by case id (first fit, in the cases' order). */
export function planIgnoredGroups(cases: readonly AnyCase[]): Map<string, IgnoredGroupHandle> {
  const plan = new IgnoredPlan();
  const byId = planBins(cases.map(candidate), (members) => {
    const g = new IgnoredGroup(members, plan);
    plan.groups.push(g);
    return g;
  });
  return byId;
}

/**
 * The io through which another case reads a member's own first request (a response row reading the logprobs
 * answer): answered as the member's group decided, or `io` itself when the member is not grouped.
 */
export async function asDecided(io: CaseIO, id: string): Promise<CaseIO> {
  const group = io.ignoredGroup?.(id);
  return group ? group.memberIO(io, id) : io;
}

/** A member's probe, run on the answer its group decided (or alone, as without the group), with `group` recorded. */
export async function observeInIgnoredGroup(io: CaseIO, id: string, probe: Probe, key: string, row: FieldRow | undefined): Promise<Observation> {
  const group = io.ignoredGroup?.(id);
  if (!group) return probe.observe(io, key, row);
  const d = await group.decide(io, id);
  const obs = await probe.observe(await group.memberIO(io, id), key, row);
  const split = d.path.length > 1;
  const how = d.unread
    ? `sent in one request with ${d.size - 1} other field${d.size === 2 ? '' : 's'} declared ignored, whose answer said nothing about the fields (a 429 or a dry run), so the group was not read`
    : split
      ? `the group of ${group.size} fields declared ignored showed an effect or an answer that was not quiet, and splitting it (${d.path.join(' → ')}) decided this one${d.size === 1 ? ' alone, by its own request' : ` in a part of ${d.size} where every field read no effect`}`
      : `read from one request with ${group.size - 1} other field${group.size === 2 ? '' : 's'} declared ignored, where none showed an effect (group testing: any effect would have split the group)`;
  // A quiet reading taken beside other fields rests on the assumption that no member's mere presence turns
  // another's effect off (a server that drops n whenever tools are sent): the field alone, its control, was not
  // observed, so the reading is heuristic (a pass still, never a failure; a failure always comes from a split
  // down to the member's own request).
  const signals = d.size > 1 ? obs.signals?.map((sig) => besideOthers(sig, d.size - 1)) : obs.signals;
  return {
    ...obs,
    ...(signals ? { signals } : {}),
    evidence: { ...obs.evidence, group: group.size, ...(split ? { split: d.path } : {}) },
    note: obs.note ? `${obs.note}; ${how}` : how,
  };
}

/** A signal read on a request that carried `others` more fields: uncontrolled (the field alone was not sent). */
function besideOthers(sig: Signal, others: number): Signal {
  if (sig.kind === 'accounting') return sig;
  return { ...sig, control: `the field alone (not sent: read beside ${others} other field${others === 1 ? '' : 's'} declared ignored)`, controlled: false };
}
