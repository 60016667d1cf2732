/**
 * Which field cases of a run share an acceptance group (group.ts), planned once from the run's selected
 * cases, before anything is sent, by rules that read the profile and the probe values only (never a
 * target's behaviour):
 *  1. only fields whose probe is acceptance alone: no probe module of their own (probes/index.ts), so
 *     nothing reads an effect from the answer;
 *  2. never a field whose rejection the profile declares (`rejected`: a 4xx is expected, and its own
 *     answer is its evidence); `unsupported` ("accepted or a clean 4xx") joins, a refusal only costs splits;
 *  3. never a request field that changes the answer's shape or sampling (SOLO_KEYS: stream, n,
 *     response_format, tools, modalities, audio, max_tokens, ...): beside another field it could make that
 *     field's answer unlike its own request's. A value that restates the API's default (DEFAULT_VALUES:
 *     response_format text, modalities ["text"]) changes nothing and joins;
 *  4. never two request fields that set the same top-level key (`user` and `user.long`): the later one goes
 *     to the next group. Message fields whose probe is one user turn (role.user, an image part, cache_control,
 *     modalities) share a group as one merged user turn (user-turn-merge.ts), never two that set a
 *     message-level key to different values; any other message field sends its own turns exactly, with no other
 *     message field: turns of several members concatenated are not each member's conversation (a server that
 *     reads only the last turn, or renders turns differently by position, answered a content array it refuses
 *     as the last turn: the mock-llm test bed showed it), while a merged turn stays the last one. A message
 *     value with an instruction turn (system, developer) is sent alone;
 *  5. at most MAX_GROUP fields per group (group-bins.ts; a refusal costs at most 2·log2(MAX_GROUP) more requests).
 * A group of one is no group: that field is sent alone, as before.
 */
import type { AcceptanceGroupHandle, AnyCase } from '../cases/types.js';
import type { FieldRow } from '../spec/profile.types.js';
import { PROBES } from './index.js';
import { requestProbeFields, messageProbeMessages, BASELINE_PROMPT } from './values.js';
import { AcceptanceGroup, FIELD_GROUP, type GroupMember } from './group.js';
import { planBins, type BinCandidate } from './group-bins.js';
import { planErrorGroups } from './group-errors.js';
import { planHeaderGroups } from './group-headers.js';
import { mergeKeys, oneUserTurn } from './user-turn-merge.js';

/** The `messages` value of one-turn message members: they merge into one user turn (user-turn-merge.ts). */
const ONE_USER_TURN = 'one user turn';

/** A field with a probe module of its own reads an effect: never grouped. */
const hasOwnProbe = (id: string): boolean => PROBES.some((p) => p.keys.includes(id));

/** The status that declares a refusal: such a field is sent alone. */
const DECLARED_REJECTED = 'rejected';

/** Values of SOLO_KEYS that are the API's own defaults (OpenAI's reference): sending them changes nothing. */
const DEFAULT_VALUES: Record<string, string> = {
  response_format: JSON.stringify({ type: 'text' }),
  modalities: JSON.stringify(['text']),
};

/** Request keys that change the answer's shape or sampling: a field setting one is never grouped. */
const SOLO_KEYS: ReadonlySet<string> = new Set([
  'stream',
  'stream_options',
  'n',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'functions',
  'function_call',
  'modalities',
  'audio',
  'prediction',
  'logprobs',
  'top_logprobs',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'temperature',
  'top_p',
  'seed',
  'messages',
  'model',
]);

/** The top-level keys a request member sets, or undefined when it may not join a group. */
function requestKeys(key: string, row: FieldRow): string[] | undefined {
  const fields = requestProbeFields(key, row);
  if (!fields) return undefined;
  const keys = Object.keys(fields);
  const changes = (k: string) => SOLO_KEYS.has(k) && DEFAULT_VALUES[k] !== JSON.stringify(fields[k]);
  return keys.some(changes) ? undefined : keys;
}

/** A message member may join when its turns carry no instruction role (valid only first). */
function composable(key: string, row: FieldRow): boolean {
  const messages = messageProbeMessages(key, row, BASELINE_PROMPT);
  return !!messages && messages.every((m) => m.role !== 'system' && m.role !== 'developer');
}

function candidate(c: AnyCase): BinCandidate<GroupMember> | undefined {
  if (c.area !== 'request' && c.area !== 'message') return undefined;
  const row = c.row as FieldRow | undefined;
  if (!row || row.status === DECLARED_REJECTED || hasOwnProbe(c.id)) return undefined;
  const member: GroupMember = { id: c.id, area: c.area, key: c.subject, row };
  if (c.area === 'message') {
    if (!composable(c.subject, row)) return undefined;
    // Rule 4: one-turn members share `messages` (merged into one user turn, each message-level key at one value);
    // a member with turns of its own sets it to its own id, so it shares a group with no other message member.
    const turn = oneUserTurn(messageProbeMessages(c.subject, row, BASELINE_PROMPT));
    return { member, keys: turn ? { messages: ONE_USER_TURN, ...mergeKeys(turn) } : { messages: c.id } };
  }
  const keys = requestKeys(c.subject, row);
  return keys ? { member, keys: Object.fromEntries(keys.map((k) => [k, c.id])) } : undefined;
}

/** The run's acceptance groups of fields, by case id (first fit, in the cases' order). */
function planFieldGroups(cases: readonly AnyCase[]): Map<string, AcceptanceGroup> {
  return planBins(cases.map(candidate), (members) => new AcceptanceGroup(members, FIELD_GROUP));
}

/**
 * Every acceptance group of the run, by case id: fields, bad values declared accepted (group-errors.ts) and
 * tolerated request headers (group-headers.ts), each kind in groups of its own.
 */
export function planAcceptanceGroups(cases: readonly AnyCase[]): Map<string, AcceptanceGroupHandle> {
  return new Map<string, AcceptanceGroupHandle>([...planFieldGroups(cases), ...planErrorGroups(cases), ...planHeaderGroups(cases)]);
}
