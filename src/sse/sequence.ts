/**
 * Chunk-sequence checks: given the JSON chunks a stream carried before [DONE], does their order and shape
 * match what OpenAI sends and what the SDK accumulators assume (role first, null finish_reason until one
 * terminal value per choice, indexed tool-call fragments, usage exactly where declared)?
 * The context says what was asked (n, include_usage, tools) and how the provider declares its usage chunk.
 */
import { extractChunks, type ChunkSet, type StreamChunk } from './chunks.js';
import { deltasAppend } from './deltas.js';
import type { SseReadResult } from './reader.js';
import { fail, pass, SEQUENCE_RULES, skip, type RuleResult, type SequenceRuleId } from './rules.js';
import { isNonEmptyString, isObject, jsonText, plural, quote, tryJson, type JsonObject } from './util.js';

export { reassemble } from './reassemble.js';

/**
 * How the provider declares its usage chunk:
 * - `on-request` (OpenAI): a separate chunk with `choices: []` after the finish chunks, only when
 *   `stream_options.include_usage` is true;
 * - `always`: that chunk whether asked or not (Bifrost injects include_usage);
 * - `never`: no usage in the stream (Parallel ignores stream_options);
 * - `on-finish-chunk` (FlexAI): when asked, usage rides on the chunk that carries the finish_reason.
 */
export type UsageMode = 'on-request' | 'always' | 'never' | 'on-finish-chunk';

export interface SequenceContext {
  /** `n` that was requested (default 1): choices 0..n-1 must each finish. */
  n?: number;
  /** Whether `stream_options.include_usage: true` was sent. */
  includeUsage?: boolean;
  /** Whether `tools` were sent (only changes messages: a model may decline to call). */
  tools?: boolean;
  usageMode?: UsageMode;
  /** What the transport saw: a non-2xx status, a body cut by a cap or a timeout. */
  transport?: { status?: number; truncated?: boolean; error?: string };
}

export type SequenceResults = Record<SequenceRuleId, RuleResult<SequenceRuleId>>;

const KNOWN_FINISH = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

interface Entry {
  /** Position of the chunk among object chunks. */
  pos: number;
  event: number;
  choice: JsonObject;
}

interface Fragment {
  choice: number;
  pos: number;
  event: number;
  frag: unknown;
}

interface Call {
  key: string;
  choice: number;
  index: number | '?';
  first: Fragment;
  fragments: number;
  id?: string;
  name?: string;
  args: string;
  nonStringArgs: boolean;
  conflicts: string[];
}

interface Model {
  read: SseReadResult;
  set: ChunkSet;
  ctx: SequenceContext;
  objects: { pos: number; c: StreamChunk; json: JsonObject }[];
  perChoice: Map<number, Entry[]>;
  fragments: Fragment[];
  notArray: Entry[];
  calls: Call[];
  usage: { pos: number; c: StreamChunk; json: JsonObject }[];
  lastFinishPos: number;
}

export function checkSequence(read: SseReadResult, ctx: SequenceContext = {}, set: ChunkSet = extractChunks(read)): SequenceResults {
  const model = buildModel(read, ctx, set);
  const out = {} as SequenceResults;
  for (const id of SEQUENCE_RULES) out[id] = RULES[id](model);
  return out;
}

const RULES: Record<SequenceRuleId, (m: Model) => RuleResult<SequenceRuleId>> = {
  'chunk-object': chunkObject,
  'stable-id': stableId,
  'role-first-only': roleFirstOnly,
  'finish-reason-null-until-end': finishNullUntilEnd,
  'single-terminal-finish': singleTerminalFinish,
  'tool-call-index': toolCallIndex,
  'tool-call-distinct-indices': toolCallDistinct,
  'tool-call-first-fragment': toolCallFirstFragment,
  'tool-call-arguments-json': toolCallArgumentsJson,
  'usage-chunk': usageChunk,
  'usage-chunk-empty-choices': usageChunkEmptyChoices,
  'in-band-error': inBandError,
  complete,
  'deltas-append': (m) => deltasAppend(m.set),
};

function buildModel(read: SseReadResult, ctx: SequenceContext, set: ChunkSet): Model {
  const m: Model = { read, set, ctx, objects: [], perChoice: new Map(), fragments: [], notArray: [], calls: [], usage: [], lastFinishPos: -1 };
  for (const c of set.chunks) {
    if (!isObject(c.json)) continue;
    const o = { pos: m.objects.length, c, json: c.json };
    m.objects.push(o);
    if (isObject(c.json.usage)) m.usage.push(o);
    if (!Array.isArray(c.json.choices)) continue;
    for (const choice of c.json.choices) {
      if (!isObject(choice) || !Number.isInteger(choice.index) || (choice.index as number) < 0) continue;
      const idx = choice.index as number;
      const entry: Entry = { pos: o.pos, event: c.event, choice };
      let list = m.perChoice.get(idx);
      if (!list) m.perChoice.set(idx, (list = []));
      list.push(entry);
      if (isNonEmptyString(choice.finish_reason)) m.lastFinishPos = Math.max(m.lastFinishPos, o.pos);
      const delta = choice.delta;
      if (!isObject(delta) || delta.tool_calls === undefined || delta.tool_calls === null) continue;
      if (!Array.isArray(delta.tool_calls)) {
        m.notArray.push(entry);
        continue;
      }
      for (const frag of delta.tool_calls) m.fragments.push({ choice: idx, pos: o.pos, event: c.event, frag });
    }
  }
  m.calls = groupCalls(m.fragments);
  return m;
}

/** Join fragments into calls by (choice, index), the way every client does; index-less ones go under "?". */
function groupCalls(fragments: Fragment[]): Call[] {
  const calls = new Map<string, Call>();
  for (const f of fragments) {
    const frag = isObject(f.frag) ? f.frag : {};
    const index = validIndex(frag.index) ? (frag.index as number) : '?';
    const key = `${f.choice}:${index}`;
    let call = calls.get(key);
    if (!call) calls.set(key, (call = { key, choice: f.choice, index, first: f, fragments: 0, args: '', nonStringArgs: false, conflicts: [] }));
    call.fragments++;
    const fn = isObject(frag.function) ? frag.function : undefined;
    if (isNonEmptyString(frag.id)) {
      if (call.id !== undefined && call.id !== frag.id) call.conflicts.push(`id ${quote(call.id)} then ${quote(frag.id)} at event #${f.event}`);
      call.id ??= frag.id;
    }
    if (fn && isNonEmptyString(fn.name)) {
      if (call.name !== undefined && call.name !== fn.name) call.conflicts.push(`name ${quote(call.name)} then ${quote(fn.name)} at event #${f.event}`);
      call.name ??= fn.name;
    }
    if (fn && typeof fn.arguments === 'string') call.args += fn.arguments;
    else if (fn && fn.arguments !== undefined && fn.arguments !== null) {
      call.nonStringArgs = true;
      call.args += jsonText(fn.arguments);
    }
  }
  return [...calls.values()];
}

function validIndex(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function dataOf(m: Model, event: number): string {
  return m.read.events[event]?.data ?? '';
}

function expectedChoices(m: Model): number[] {
  const n = Math.max(1, m.ctx.n ?? 1);
  const set = new Set<number>(Array.from({ length: n }, (_, i) => i));
  for (const k of m.perChoice.keys()) set.add(k);
  return [...set].sort((a, b) => a - b);
}

function first<T>(problems: T[]): T {
  return problems[0]!;
}

function andMore(n: number): string {
  return n > 1 ? ` (and ${n - 1} more)` : '';
}

// ---------------------------------------------------------------------------------------------------------------

function chunkObject(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'chunk-object';
  const chunks = m.set.chunks;
  if (chunks.length === 0) return skip(rule, 'no JSON chunks before [DONE]', { chunks: 0 });
  const problems: { event: number; what: string }[] = [];
  for (const c of chunks) {
    const j = c.json;
    if (!isObject(j)) {
      problems.push({ event: c.event, what: 'is not a JSON object' });
      continue;
    }
    if (j.object !== 'chat.completion.chunk') {
      problems.push({
        event: c.event,
        what: j.object === undefined ? 'has no object field' : `has object ${typeof j.object === 'string' ? quote(j.object) : jsonText(j.object)}`,
      });
      continue;
    }
    if (!Array.isArray(j.choices)) {
      problems.push({ event: c.event, what: 'has no choices array' });
      continue;
    }
    j.choices.forEach((ch, k) => {
      if (!isObject(ch)) problems.push({ event: c.event, what: `has choices[${k}] that is not an object` });
      else if (ch.index === undefined) problems.push({ event: c.event, what: `has choices[${k}] with no index` });
      else if (!validIndex(ch.index)) problems.push({ event: c.event, what: `has choices[${k}].index ${jsonText(ch.index)}` });
      else if (!isObject(ch.delta)) problems.push({ event: c.event, what: `has choices[${k}] with no delta object` });
    });
  }
  const evidence = { chunks: chunks.length, offending: problems.length, first: problems[0]?.event };
  if (problems.length === 0) return pass(rule, `${plural(chunks.length, 'chunk')}, each a chat.completion.chunk with indexed choices`, evidence);
  const p = first(problems);
  return fail(rule, `the chunk at event #${p.event} ${p.what}: ${quote(dataOf(m, p.event))}${andMore(problems.length)}`, evidence);
}

function stableId(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'stable-id';
  if (m.objects.length === 0) return skip(rule, 'no chunks', { chunks: 0 });
  const problems: string[] = [];
  const distinct: Record<string, number> = {};
  for (const field of ['id', 'created', 'model'] as const) {
    // Values are strings and numbers when well-formed; JSON text compares anything else by value.
    const key = (v: unknown): unknown => (v === null || typeof v !== 'object' ? v : jsonText(v));
    const values = m.objects.map((o) => key(o.json[field]));
    distinct[field] = new Set(values).size;
    const missing = m.objects.find((o) => o.json[field] === undefined || o.json[field] === null);
    if (missing) {
      problems.push(`${field} missing on the chunk at event #${missing.c.event}`);
      continue;
    }
    const changedAt = values.findIndex((v) => v !== values[0]);
    if (changedAt !== -1) {
      const changed = m.objects[changedAt]!;
      problems.push(`${field} changed at event #${changed.c.event}: ${jsonText(m.objects[0]!.json[field])} then ${jsonText(changed.json[field])}`);
    }
  }
  const evidence = { chunks: m.objects.length, distinctIds: distinct.id, distinctCreated: distinct.created, distinctModels: distinct.model };
  if (problems.length === 0) return pass(rule, `id, created and model identical on ${plural(m.objects.length, 'chunk')}`, evidence);
  return fail(rule, problems.join('; '), evidence);
}

function roleFirstOnly(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'role-first-only';
  if (m.perChoice.size === 0) return skip(rule, 'no choices in the stream', {});
  const problems: string[] = [];
  const firstRoles: Record<string, unknown> = {};
  let repeated = 0;
  for (const [k, entries] of m.perChoice) {
    const head = entries[0]!;
    const role = isObject(head.choice.delta) ? head.choice.delta.role : undefined;
    // Evidence lands in results.json: a role of another type is kept as (bounded) JSON text.
    firstRoles[k] = role === undefined || role === null || typeof role === 'string' ? (role ?? null) : quote(jsonText(role), 60);
    if (!isNonEmptyString(role)) {
      problems.push(
        `choice ${k}: its first delta (event #${head.event}) has no role: ${quote(dataOf(m, head.event))} (openai-node's stream helper throws "missing role for choice ${k}")`,
      );
    }
    const later = entries.slice(1).filter((e) => isObject(e.choice.delta) && e.choice.delta.role !== undefined && e.choice.delta.role !== null);
    repeated += later.length;
    if (later.length > 0) {
      problems.push(
        `choice ${k}: role repeated in ${plural(later.length, 'later delta')}, first at event #${later[0]!.event}: ${quote(dataOf(m, later[0]!.event))}`,
      );
    }
  }
  const evidence = { choices: m.perChoice.size, firstRoles, repeated };
  if (problems.length === 0) {
    const odd = Object.values(firstRoles).filter((r) => r !== 'assistant');
    return pass(rule, `role in the first delta of each choice only${odd.length ? ` (role ${quote(String(odd[0]))}, not "assistant")` : ''}`, evidence);
  }
  return fail(rule, problems.join('; '), evidence);
}

function finishNullUntilEnd(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'finish-reason-null-until-end';
  if (m.perChoice.size === 0) return skip(rule, 'no choices in the stream', {});
  const counts = { absent: 0, empty: 0, early: 0, other: 0 };
  const problems: string[] = [];
  for (const [k, entries] of m.perChoice) {
    let terminal = -1;
    entries.forEach((e, i) => {
      if (isNonEmptyString(e.choice.finish_reason)) terminal = i;
    });
    const before = terminal === -1 ? entries : entries.slice(0, terminal);
    for (const e of before) {
      const has = Object.hasOwn(e.choice, 'finish_reason');
      const fr = e.choice.finish_reason;
      // An earlier finish chunk (a finish_reason and nothing else) is a second terminal chunk, which
      // single-terminal-finish reports; this rule is about the chunks that carry the answer.
      if (isNonEmptyString(fr) && !deltaCarries(e.choice.delta)) continue;
      let what: string | undefined;
      if (!has) {
        counts.absent++;
        what = 'is absent';
      } else if (fr === '') {
        counts.empty++;
        what = 'is ""';
      } else if (isNonEmptyString(fr)) {
        counts.early++;
        what = `is already ${quote(fr)}`;
      } else if (fr !== null) {
        counts.other++;
        what = `is ${quote(jsonText(fr))}`;
      }
      if (what) problems.push(`choice ${k}, event #${e.event}: finish_reason ${what} before the terminal chunk: ${quote(dataOf(m, e.event))}`);
    }
  }
  const evidence = { ...counts };
  if (problems.length === 0) return pass(rule, 'finish_reason is null on every chunk before the terminal one', evidence);
  return fail(rule, `${first(problems)}${andMore(problems.length)} (it must be null, not "" and not absent)`, evidence);
}

/** True when a delta carries anything beside an empty shell: role, content, refusal, tool calls, a function call. */
function deltaCarries(delta: unknown): boolean {
  if (!isObject(delta)) return false;
  return Object.entries(delta).some(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
}

function singleTerminalFinish(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'single-terminal-finish';
  const problems: string[] = [];
  const finishReasons: Record<string, string[]> = {};
  const unusual: string[] = [];
  for (const k of expectedChoices(m)) {
    const entries = m.perChoice.get(k) ?? [];
    const terminals = entries.filter((e) => isNonEmptyString(e.choice.finish_reason));
    finishReasons[k] = terminals.map((e) => e.choice.finish_reason as string);
    for (const fr of finishReasons[k]!) if (!KNOWN_FINISH.has(fr) && !unusual.includes(fr)) unusual.push(fr);
    if (entries.length === 0) {
      problems.push(`choice ${k} never appeared`);
      continue;
    }
    if (terminals.length === 0) {
      problems.push(`choice ${k} has no terminal finish_reason (openai-node's stream helper throws "missing finish_reason for choice ${k}")`);
      continue;
    }
    if (terminals.length > 1) {
      problems.push(
        `choice ${k} has ${terminals.length} terminal finish_reasons: ${terminals
          .slice(0, 3)
          .map((e) => `${quote(e.choice.finish_reason as string)} at event #${e.event}`)
          .join(', ')}`,
      );
    }
    const cut = entries.indexOf(terminals[0]!);
    const after = entries.slice(cut + 1);
    if (after.length > 0) {
      problems.push(
        `choice ${k} has ${plural(after.length, 'chunk')} after its finish_reason, first at event #${after[0]!.event}: ${quote(dataOf(m, after[0]!.event))}`,
      );
    }
  }
  const evidence = { finishReasons, unusual };
  if (problems.length > 0) return fail(rule, problems.join('; '), evidence);
  const note = unusual.length ? ` (unusual value ${quote(unusual[0]!)})` : '';
  return pass(rule, `one terminal finish_reason per choice, last for its choice${note}`, evidence);
}

function noToolCalls(rule: SequenceRuleId, m: Model): RuleResult<SequenceRuleId> {
  return skip(rule, m.ctx.tools ? 'tools were sent but the stream carried no tool call' : 'no tool calls in the stream', { fragments: 0 });
}

function toolCallIndex(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'tool-call-index';
  if (m.notArray.length > 0) {
    const e = m.notArray[0]!;
    return fail(rule, `delta.tool_calls at event #${e.event} is not an array: ${quote(dataOf(m, e.event))}`, { notArray: m.notArray.length });
  }
  if (m.fragments.length === 0) return noToolCalls(rule, m);
  const bad = m.fragments.filter((f) => !isObject(f.frag) || !validIndex(f.frag.index));
  const evidence = { fragments: m.fragments.length, withoutIndex: bad.length };
  if (bad.length === 0) return pass(rule, `${plural(m.fragments.length, 'tool-call fragment')}, each with an index`, evidence);
  const f = bad[0]!;
  const idx = isObject(f.frag) ? f.frag.index : undefined;
  return fail(
    rule,
    `${bad.length} of ${plural(m.fragments.length, 'tool-call fragment')} have ${idx === undefined ? 'no index' : `index ${quote(jsonText(idx))}`}, ` +
      `first at event #${f.event}: ${quote(jsonText(f.frag))} (openai-python raises TypeError; openai-node's stream helper drops the call)`,
    { ...evidence, first: f.event },
  );
}

function toolCallDistinct(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'tool-call-distinct-indices';
  if (m.fragments.length === 0) return noToolCalls(rule, m);
  const indexed = m.calls.filter((c) => c.index !== '?');
  const clashing = indexed.filter((c) => c.conflicts.length > 0);
  const evidence = { calls: indexed.length, indices: indexed.map((c) => `${c.choice}:${c.index}`), clashing: clashing.length };
  if (clashing.length === 0) {
    return pass(rule, indexed.length <= 1 ? `${plural(indexed.length, 'tool call')}` : `${indexed.length} tool calls with distinct indices`, evidence);
  }
  const c = clashing[0]!;
  return fail(
    rule,
    `choice ${c.choice}: several calls share index ${c.index}: ${c.conflicts[0]}; clients merge them, arguments become ${quote(c.args)}`,
    evidence,
  );
}

function toolCallFirstFragment(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'tool-call-first-fragment';
  if (m.fragments.length === 0) return noToolCalls(rule, m);
  const problems: string[] = [];
  for (const c of m.calls) {
    const f = isObject(c.first.frag) ? c.first.frag : {};
    const fn = isObject(f.function) ? f.function : {};
    const missing: string[] = [];
    if (!isNonEmptyString(f.id)) missing.push('no id');
    if (f.type !== 'function') missing.push(f.type === undefined ? 'no type' : `type ${quote(jsonText(f.type))}`);
    if (!isNonEmptyString(fn.name)) missing.push('no function.name');
    if (missing.length) {
      problems.push(
        `call ${c.index} of choice ${c.choice}: its first fragment (event #${c.first.event}) has ${missing.join(', ')}: ${quote(jsonText(c.first.frag))}`,
      );
    }
  }
  const evidence = { calls: m.calls.length, offending: problems.length };
  if (problems.length === 0) return pass(rule, `the first fragment of each of ${plural(m.calls.length, 'call')} has id, type and function.name`, evidence);
  return fail(rule, `${first(problems)}${andMore(problems.length)}`, evidence);
}

function toolCallArgumentsJson(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'tool-call-arguments-json';
  if (m.fragments.length === 0) return noToolCalls(rule, m);
  const problems: string[] = [];
  for (const c of m.calls) {
    const label = `call ${c.index} of choice ${c.choice}${c.name ? ` (${c.name})` : ''}`;
    if (c.nonStringArgs) {
      problems.push(`${label}: function.arguments is sent as JSON, not as a string: ${quote(c.args)}`);
      continue;
    }
    if (c.args === '') {
      problems.push(`${label}: arguments are empty`);
      continue;
    }
    const parsed = tryJson(c.args);
    if (!parsed.ok) problems.push(`${label}: joined arguments are not JSON (${parsed.error}): ${quote(c.args)}`);
  }
  const evidence = { calls: m.calls.length, offending: problems.length };
  if (problems.length === 0) return pass(rule, `the joined arguments of ${plural(m.calls.length, 'call')} parse as JSON`, evidence);
  return fail(rule, `${first(problems)}${andMore(problems.length)}`, evidence);
}

function usageExpected(ctx: SequenceContext): { mode: UsageMode; asked: boolean; expected: boolean } {
  const mode = ctx.usageMode ?? 'on-request';
  const asked = !!ctx.includeUsage;
  const expected = mode === 'always' || ((mode === 'on-request' || mode === 'on-finish-chunk') && asked);
  return { mode, asked, expected };
}

function usageChunk(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'usage-chunk';
  const { mode, asked, expected } = usageExpected(m.ctx);
  const afterDone = m.set.afterDone.filter((c) => isObject(c.json) && isObject(c.json.usage));
  const lastFinish = m.lastFinishPos >= 0 ? m.objects[m.lastFinishPos]!.c.event : undefined;
  const evidence = {
    mode,
    asked,
    expected,
    usageChunks: m.usage.length,
    events: m.usage.map((u) => u.c.event),
    lastFinishEvent: lastFinish,
    afterDone: afterDone.length,
  };
  if (m.objects.length === 0 && afterDone.length === 0)
    return skip(rule, 'no chunks in the stream, so nothing that could carry usage (stream.complete reports it)', evidence);
  if (!expected) {
    if (m.usage.length === 0 && afterDone.length === 0)
      return pass(rule, `no usage in the stream, as declared (${mode}, include_usage ${asked ? 'requested' : 'not requested'})`, evidence);
    const u = m.usage[0] ?? { c: afterDone[0]! };
    const why = mode === 'never' ? 'the profile declares no usage in streams' : 'stream_options.include_usage was not requested';
    const emptyChoices = isObject(u.c.json) && Array.isArray(u.c.json.choices) && u.c.json.choices.length === 0;
    return fail(
      rule,
      `usage sent at event #${u.c.event} although ${why}: ${quote(dataOf(m, u.c.event))}` +
        (emptyChoices ? '; clients that read chunk.choices[0] crash on its empty choices' : ''),
      evidence,
    );
  }
  if (m.usage.length === 0) {
    const cause = asked ? 'stream_options.include_usage was requested' : `the profile declares ${mode}`;
    const where = afterDone.length ? `; usage came after [DONE] (event #${afterDone[0]!.event}), where clients never read it` : '';
    return fail(rule, `no usage chunk although ${cause}${where}`, evidence);
  }
  if (m.usage.length > 1) {
    return fail(
      rule,
      `usage on ${m.usage.length} chunks (events ${m.usage
        .slice(0, 5)
        .map((u) => `#${u.c.event}`)
        .join(', ')}), expected exactly once`,
      evidence,
    );
  }
  const u = m.usage[0]!;
  if (mode === 'on-finish-chunk') {
    const carriesFinish = Array.isArray(u.json.choices) && u.json.choices.some((c) => isObject(c) && isNonEmptyString(c.finish_reason));
    if (!carriesFinish || u.pos !== m.lastFinishPos) {
      return fail(
        rule,
        `usage is at event #${u.c.event}, not on the last chunk with a finish_reason (event #${lastFinish ?? 'none'}) as declared: ${quote(dataOf(m, u.c.event))}`,
        evidence,
      );
    }
    return pass(rule, `usage on the finish chunk (event #${u.c.event}), as declared`, evidence);
  }
  if (u.pos <= m.lastFinishPos) {
    return fail(
      rule,
      `usage at event #${u.c.event} comes ${u.pos === m.lastFinishPos ? 'on' : 'before'} the last finish chunk (event #${lastFinish}); ` +
        `expected a separate chunk after every finish_reason: ${quote(dataOf(m, u.c.event))}`,
      evidence,
    );
  }
  return pass(rule, `one usage chunk (event #${u.c.event}) after the finish chunks, before [DONE]`, evidence);
}

function usageChunkEmptyChoices(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'usage-chunk-empty-choices';
  const { mode } = usageExpected(m.ctx);
  if (mode === 'on-finish-chunk') return skip(rule, 'usage is declared on the finish chunk, which carries its choice', { mode });
  if (m.usage.length === 0) return skip(rule, 'no usage chunk', { usageChunks: 0 });
  // The usage chunk is the last one carrying usage (the totals). Usage repeated on earlier chunks is
  // usage-chunk's finding ("expected exactly once"), not reported twice.
  const u = m.usage[m.usage.length - 1]!;
  const evidence = { usageChunks: m.usage.length, event: u.c.event };
  if (Array.isArray(u.json.choices) && u.json.choices.length === 0) return pass(rule, `the usage chunk (event #${u.c.event}) has choices: []`, evidence);
  return fail(
    rule,
    `the usage chunk at event #${u.c.event} has choices ${quote(jsonText(u.json.choices ?? null))}, expected []: ${quote(dataOf(m, u.c.event))}`,
    evidence,
  );
}

function inBandError(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'in-band-error';
  const errors = m.set.errors;
  const status = m.ctx.transport?.status ?? 200;
  // Nothing was sent that could have carried an error (no data event, or a body that is not SSE): a skip, not a pass.
  if (errors.length === 0 && !m.read.events.some((e) => e.dataLines > 0)) {
    return skip(rule, m.read.events.length === 0 ? 'no events in the stream' : 'no data events in the stream', { errors: 0 });
  }
  if (errors.length === 0) return pass(rule, 'no in-band error', { errors: 0 });
  const e = errors[0]!;
  const outputBefore = m.set.chunks.some((c) => c.event < e.event);
  const evidence = {
    errors: errors.length,
    event: e.event,
    t: e.t,
    recognised: e.recognised,
    eventName: e.eventName,
    message: e.message,
    chunksBefore: outputBefore,
    doneAfter: !!m.read.done,
  };
  const how = e.recognised
    ? 'SDKs throw APIError (with no status) on it'
    : 'it is `event: error` with no "error" key: openai-node v6 and openai-python yield it as an ordinary chunk, so clients see success';
  const done = m.read.done ? '; the stream still ended with [DONE]' : '';
  return fail(rule, `in-band error after HTTP ${status} at event #${e.event} (t=${e.t}ms): ${quote(e.message)}; ${how}${done}`, evidence);
}

function complete(m: Model): RuleResult<SequenceRuleId> {
  const rule = 'complete';
  const problems: string[] = [];
  const t = m.ctx.transport;
  if (t?.status !== undefined && (t.status < 200 || t.status > 299)) problems.push(`HTTP ${t.status}`);
  if (t?.error) problems.push(`the transport reported ${quote(t.error)}`);
  if (t?.truncated) problems.push('the body was truncated by the transport');
  if (m.read.stopped) problems.push('the reader stopped at a cap');
  if (!m.read.done) problems.push('no [DONE]');
  const unfinished = expectedChoices(m).filter((k) => !(m.perChoice.get(k) ?? []).some((e) => isNonEmptyString(e.choice.finish_reason)));
  if (unfinished.length) problems.push(`no terminal finish_reason for choice ${unfinished.join(', ')}`);
  if (m.set.errors.length) problems.push(`in-band error ${quote(m.set.errors[0]!.message)}`);
  const evidence = { done: !!m.read.done, unfinished, errors: m.set.errors.length, truncated: !!t?.truncated, stopped: m.read.stopped };
  if (problems.length === 0) return pass(rule, `[DONE] and a terminal finish_reason for every choice (${expectedChoices(m).length})`, evidence);
  return fail(rule, `stream cut short or failed: ${problems.join('; ')}`, evidence);
}
