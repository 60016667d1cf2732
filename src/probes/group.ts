/**
 * Group testing for acceptance-only fields (issue #13 item 3). Fields whose probe reads nothing but
 * acceptance (generic.ts: the effect is unobservable, or acceptance is the row's claim) are sent together
 * in one request, planned once per run (group-plan.ts says who may join and why):
 *  - a 2xx readable chat completion accepts every member: each is answered as its own request would have
 *    been (an acceptance), from the group's exchange;
 *  - any other HTTP answer (4xx, 5xx, a 2xx that is not a completion) or no answer at all splits the group,
 *    each part sent on its own, recursively: the members the refusal's `error.param` names apart from the
 *    rest when it names some (suspects), else in halves (binary splitting). A member is decided by the
 *    smallest subset that was accepted, or alone, so a refused field gets its own request's answer;
 *  - a 429 (after the scheduler's retries) is the rate limiter's answer, not any member's: it is not split,
 *    and every member reads it (inconclusive, as its own request would be); a dry run is not split either.
 * A subset of one is exactly the field's own probe request (the same body), so it is shared with any case
 * that sends that body. The first member to ask sends the group's requests (its `requests` count them);
 * every other member reads the answer through its own io (shared, no request), so each case's exchanges
 * list the exchange that decided it. Other claims of acceptance are kinds of the same machinery (GroupKind):
 * the bad values a profile declares accepted (group-errors.ts) and tolerated request headers (group-headers.ts).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { AcceptanceGroupHandle, CaseIO, GroupDecision } from '../cases/types.js';
import type { Exchange, OutgoingRequest } from '../transport/types.js';
import { isDryRunExchange } from '../transport/sched-dryrun.js';
import { readAnswer } from './send.js';
import { bodyJson } from '../transport/http.js';
import { requestProbeFields, messageProbeMessages, BASELINE_PROMPT } from './values.js';
import { mergeUserTurns, oneUserTurn } from './user-turn-merge.js';

export interface GroupMember {
  /** `request.<key>` or `message.<key>`. */
  id: string;
  area: 'request' | 'message';
  key: string;
  row: FieldRow | undefined;
}

type Body = Record<string, unknown>;

/**
 * The body for a subset of the group: the baseline with every request member's fields added and the message
 * members' turns in place of the baseline's: one-turn members merged into one user turn (user-turn-merge.ts),
 * a member with turns of its own as they are (the plan gives it a group of its own among message members). A
 * subset of one is the member's own probe body (generic.ts probeBody), key for key.
 */
export function composeBody(io: Pick<CaseIO, 'baselineBody'>, members: readonly GroupMember[]): Body | undefined {
  const body: Body = { ...io.baselineBody(false) };
  const turns: Body[][] = [];
  for (const m of members) {
    if (m.area === 'request') {
      const fields = requestProbeFields(m.key, m.row);
      if (!fields) return undefined;
      Object.assign(body, fields);
    } else {
      const own = messageProbeMessages(m.key, m.row, BASELINE_PROMPT);
      if (!own) return undefined;
      turns.push(own);
    }
  }
  if (turns.length === 1) body.messages = turns[0];
  else if (turns.length > 1) {
    // The plan only groups message members that merge (group-plan.ts rule 4); turns of several members are never
    // concatenated (a server that reads only the last turn would not see the others'), so anything else has no body.
    const one = turns.map(oneUserTurn);
    const merged = one.every((t) => t !== undefined) ? mergeUserTurns(one as Body[]) : undefined;
    if (!merged) return undefined;
    body.messages = [merged];
  }
  return body;
}

/** Does this answer accept every field of the request that got it? (A completion a client can read.) */
function acceptsAll(ex: Exchange): boolean {
  return readAnswer(ex).ok;
}

/** Answers that say nothing about the fields: the rate limiter's, a dry run's. Never split on. */
export function notAboutTheFields(ex: Exchange): boolean {
  return ex.response?.status === 429 || isDryRunExchange(ex);
}

/** Splits a list in two halves (the first one the larger). */
export function halves<T>(xs: readonly T[]): [T[], T[]] {
  const mid = Math.ceil(xs.length / 2);
  return [xs.slice(0, mid), xs.slice(mid)];
}

/**
 * The members a refusal's `error.param` points at: the request member setting that top-level key, or the
 * message member whose turns hold `messages[i]`. Only a hint for where to split first: any split decides
 * every member exactly (by an accepted subset or alone), so a wrong or missing hint costs requests, never
 * a verdict.
 */
function suspects(ex: Exchange, members: readonly GroupMember[]): GroupMember[] {
  const param = (bodyJson(ex) as { error?: { param?: unknown } } | undefined)?.error?.param;
  if (typeof param !== 'string' || !param) return [];
  const turn = /^messages\[(\d+)\]/.exec(param);
  const messageMembers = members.filter((m) => m.area === 'message');
  // Merged into one user turn, every message member is in messages[0].
  if (turn && messageMembers.length > 1) return turn[1] === '0' ? messageMembers : [];
  if (turn) {
    let at = 0;
    const index = Number(turn[1]);
    for (const m of members) {
      if (m.area !== 'message') continue;
      const n = messageProbeMessages(m.key, m.row, BASELINE_PROMPT)?.length ?? 0;
      if (index >= at && index < at + n) return [m];
      at += n;
    }
    return [];
  }
  const key = param.split(/[.[]/)[0];
  return members.filter((m) => m.area === 'request' && key in (requestProbeFields(m.key, m.row) ?? {}));
}

/**
 * What makes one kind of group: how a subset's request is built (a subset of one is the member's own request,
 * key for key, so it is shared with it), which answer accepts every member of that request, and which members
 * a refusal names (only a hint for where to split first). Fields (below), accepted bad values
 * (group-errors.ts) and tolerated request headers (group-headers.ts) are kinds of one machinery.
 */
export interface GroupKind<M extends { id: string }> {
  /** What the members are, for the purpose line of the group's request ("acceptance-only fields"). */
  noun: string;
  request(io: CaseIO, members: readonly M[]): OutgoingRequest | undefined | Promise<OutgoingRequest | undefined>;
  accepts(ex: Exchange): boolean;
  suspects?(ex: Exchange, members: readonly M[]): M[];
  /** The kind's own split of a refused subset, where it knows better than halves; undefined: suspects, else halves. */
  split?(ex: Exchange, members: readonly M[]): Promise<M[][] | undefined>;
}

/** The field kind: the baseline with the members' fields and turns, accepted by a completion a client reads. */
export const FIELD_GROUP: GroupKind<GroupMember> = {
  noun: 'acceptance-only fields',
  request: (io, members) => {
    const json = composeBody(io, members);
    return json ? { method: 'POST', path: io.chatPath, json } : undefined;
  },
  accepts: acceptsAll,
  suspects,
};

/** What a member decided in a group records: the group's size, and the split path when it split. */
function groupEvidence(size: number, d: GroupDecision, noun: string): { evidence: Record<string, unknown>; note: string } {
  const split = d.path.length > 1;
  return {
    evidence: { group: size, ...(split ? { split: d.path } : {}) },
    note: split
      ? `the group of ${size} ${noun} was refused, and splitting it (${d.path.join(' → ')}) decided this one${d.size === 1 ? ' alone, by its own request' : ` in a group of ${d.size} that was accepted`}`
      : `accepted in one request with ${size - 1} other ${noun} (group testing: a refusal would have split the group)`,
  };
}

/** The answer that decides a case that may be grouped, and how it was decided. */
export interface GroupedAnswer {
  ex: Exchange;
  /** The request answered: the group's, a subset's, or the case's own. */
  request: OutgoingRequest;
  /** Only when the case was decided in a group: its size (and split path), and the note saying how. */
  grouped?: { evidence: Record<string, unknown>; note: string };
}

/**
 * The one way a case that may be grouped gets its answer: in the run's planned group (group-plan.ts) when it
 * has one, the exchange that decided it, sent again through the case's own io (shared: no request, and
 * listed as the case's); with no group (or `alone`), `own` (the case's own request) sent as it is. `own`
 * undefined and no group: undefined (nothing to send).
 */
export function sendGrouped(
  io: CaseIO,
  caseId: string,
  own: () => OutgoingRequest | Promise<OutgoingRequest>,
  opts?: { alone?: boolean },
): Promise<GroupedAnswer>;
export function sendGrouped(
  io: CaseIO,
  caseId: string,
  own: () => OutgoingRequest | undefined | Promise<OutgoingRequest | undefined>,
  opts?: { alone?: boolean },
): Promise<GroupedAnswer | undefined>;
export async function sendGrouped(
  io: CaseIO,
  caseId: string,
  own: () => OutgoingRequest | undefined | Promise<OutgoingRequest | undefined>,
  opts: { alone?: boolean } = {},
): Promise<GroupedAnswer | undefined> {
  const group = opts.alone ? undefined : io.acceptanceGroup?.(caseId);
  if (!group) {
    const request = await own();
    return request && { ex: await io.send({ purpose: caseId, ...request }), request };
  }
  const d = await group.decide(io, caseId);
  const ex = await io.send({ ...d.request, purpose: caseId });
  return { ex, request: d.request, grouped: groupEvidence(group.size, d, group.noun) };
}

export class AcceptanceGroup<M extends { id: string } = GroupMember> implements AcceptanceGroupHandle {
  private decided?: Promise<Map<string, GroupDecision>>;

  constructor(
    readonly members: readonly M[],
    private readonly kind: GroupKind<M>,
  ) {}

  get size(): number {
    return this.members.length;
  }

  get noun(): string {
    return this.kind.noun;
  }

  /** The request that decides `caseId`, answered: the group's (or a subset's); the first caller sends. */
  async decide(io: CaseIO, caseId: string): Promise<GroupDecision> {
    this.decided ??= this.settle(io, this.members, []);
    const decision = (await this.decided).get(caseId);
    if (!decision) throw new Error(`${caseId} is not a member of this acceptance group`);
    return decision;
  }

  private async settle(io: CaseIO, members: readonly M[], path: number[]): Promise<Map<string, GroupDecision>> {
    const req = await this.kind.request(io, members);
    if (!req) throw new Error(`no probe request for the acceptance group ${members.map((m) => m.id).join(', ')}`);
    const here = [...path, members.length];
    const purpose = members.length === 1 ? members[0].id : `${members[0].id} group of ${members.length} ${this.kind.noun}`;
    const ex = await io.send({ ...req, purpose });
    if (members.length === 1 || this.kind.accepts(ex) || notAboutTheFields(ex)) {
      const d: GroupDecision = { request: req, size: members.length, path: here };
      return new Map(members.map((m) => [m.id, d]));
    }
    const parts = await Promise.all(((await this.kind.split?.(ex, members)) ?? this.splitOf(ex, members)).map((part) => this.settle(io, part, here)));
    return new Map(parts.flatMap((p) => [...p]));
  }

  /** Where to split a refused subset: the members the refusal names apart from the rest, else in halves. */
  private splitOf(ex: Exchange, members: readonly M[]): M[][] {
    const named = this.kind.suspects?.(ex, members) ?? [];
    if (named.length && named.length < members.length) return [named, members.filter((m) => !named.includes(m))];
    return halves(members);
  }
}
