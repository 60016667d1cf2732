/**
 * Cases for the stream table (`stream.<rule>`): one per profile row. The framing and sequence rules all read
 * the same few shared exchanges (see stream-requests.ts): the baseline stream for most rules, the
 * include_usage stream for the usage rules, the tool-call stream for the tool-call rules; `in-band-error` and
 * `complete` read all three and `incremental` the baseline and tool streams too (with tools, streams are
 * known to arrive as one block or stop early: peers-and-breakages.md items 10, 24). The SDK cases replay the
 * baseline and tool streams into the official SDK; `prestream-error-status` sends one bad streamed request;
 * `deltas-append` also compares the baseline stream's text with the non-streamed baseline's.
 *
 * Judging a row: `required` passes when the rule holds on every stream it reads and fails when it is broken on
 * any; `forbidden` is the reverse (the documented deviation must be seen); `optional` cannot fail, so it is
 * always a skip that reports what was observed (nothing that cannot fail shows as pass); `usage-chunk`'s
 * statuses are usage modes. A rule with nothing to judge (no tool call came back, a 2xx answer that is not an
 * event stream: request.stream judges that) is a skip with the reason, never a pass; a rule that needs the end of
 * a stream the harness had to cut (a stream that never ends, a drip) is inconclusive: `complete` is the case that
 * fails then. A suspicion from heuristic evidence alone (accounting, content: `deltas-append`'s comparisons) is
 * inconclusive with confidence `heuristic`, never a failure.
 */
import type { Profile, StreamRow } from '../spec/profile.types.js';
import type { Exchange } from '../transport/types.js';
import { rowCases } from './rows.js';
import { observeDeclared } from './stream-declared.js';
import type { CaseDef, CaseIO, Judgement, Observation, Signal, Verdict } from './types.js';
import { fail, inconclusive, pass, settledByObservation, skip, statusSignals } from './verdicts.js';
import { content, protocol } from './evidence.js';
import { compareWithNonStreamed, runSdkOracle, type StreamRuleId, type UsageMode } from '../sse/index.js';
import type { StreamRuleProps } from '../checks/registry/types.js';
import { jsonText, quote } from '../sse/util.js';
import { bodyJson } from '../transport/http.js';
import { classifyAnswer } from '../probes/classify.js';
import { firstContent, readCompletion } from '../probes/completion.js';
import {
  analysis,
  cutByBound,
  errorBodyMessage,
  notAStream,
  notStreamed,
  sendStream,
  STREAM_LABEL,
  UNKNOWN_MODEL,
  type StreamKind,
} from './stream-requests.js';
import { sdkApi, type SdkRule } from './stream-sdk.js';

/** What one stream said about one rule. */
interface Outcome {
  stream: StreamKind | 'unknown-model';
  verdict: Verdict;
  message: string;
  evidence: Record<string, unknown>;
  /** Set on an inconclusive outcome that rests on heuristic evidence only (accounting, content). */
  heuristic?: boolean;
}

/** Outcomes per usage mode for the usage rules (judged against two profiles), under `any` for the others. */
type ByMode = Partial<Record<UsageMode | 'any', Outcome[]>>;

/** No vacuous verdicts: a 2xx body that is not a stream gives a rule nothing to look at (request.stream judges it). */
function nothingStreamed(ex: Exchange, kind: StreamKind, label: string, what: 'judge' | 'replay'): Outcome | undefined {
  const plain = notAStream(ex);
  if (!plain) return undefined;
  return {
    stream: kind,
    verdict: 'skip',
    message: `the ${label} was ${plain}: nothing streamed to ${what} (request.stream reports it)`,
    evidence: { notAStream: true },
  };
}
const USAGE_MODES: UsageMode[] = ['on-request', 'always', 'never', 'on-finish-chunk'];

export function streamCases(profile: Profile, reference: Profile): CaseDef<StreamRow>[] {
  return rowCases(
    'stream',
    profile.stream,
    reference.stream,
    { profile, reference },
    // The registry's stream check (src/checks/registry/stream.ts) carries the rule's properties; this runs them.
    (def) =>
      def.stream && {
        describe: (r) => r.status,
        // A rule declared in YAML (`assert:`) has its own observation (stream-declared.ts); judged like the others.
        observe: (io, rule, row) =>
          'declared' in def.stream!.run && row.assert ? observeDeclared(io, row.assert) : observeRule(io, def.stream!, usageModeOf(profile, rule, row)),
        // A usage row is judged in the usage mode of the profile it is judged against.
        judge: (obs, row, rule, against) => judgeRule(obs, row, usageModeOf(against, rule, row)),
      },
  );
}

/** The usage mode a row is judged in: its own status for usage-chunk, the profile's usage-chunk row otherwise. */
function usageModeOf(profile: Profile, rule: string, row: StreamRow): UsageMode {
  const status = rule === 'usage-chunk' ? row.status : profile.stream?.['usage-chunk']?.status;
  if (status === 'forbidden') return 'never';
  return USAGE_MODES.includes(status as UsageMode) ? (status as UsageMode) : 'on-request';
}

async function observeRule(io: CaseIO, props: StreamRuleProps, mode: UsageMode): Promise<Observation> {
  const run = props.run;
  if ('declared' in run) throw new Error('a declared stream rule is observed by stream-declared.ts');
  if ('prestream' in run) return toObservation({ any: [await prestreamOutcome(io)] }, 'any');
  const kinds = props.streams;
  // deltas-append also reads the non-streamed baseline (shared with the response cases) to compare texts.
  const [nonStreamed, ...exchanges] = await Promise.all([props.comparesNonStreamed ? io.baseline(false) : undefined, ...kinds.map((k) => sendStream(io, k))]);
  const byMode: ByMode = {};
  if ('sdk' in run) {
    byMode.any = [];
    // One after the other: each replay is bounded, and they share the CPU with the run.
    for (let i = 0; i < kinds.length; i++) byMode.any.push(await sdkOutcome(kinds[i]!, exchanges[i]!, run.sdk));
    return toObservation(byMode, 'any', exchanges, kinds);
  }
  const modes: (UsageMode | 'any')[] = props.usageMode ? USAGE_MODES : ['any'];
  for (const m of modes) {
    byMode[m] = kinds.map((k, i) => ruleOutcome(run.rule, props, k, exchanges[i]!, m === 'any' ? mode : m));
  }
  if (nonStreamed && byMode.any) byMode.any = byMode.any.map((o, i) => (o.stream === 'baseline' ? againstNonStreamed(o, exchanges[i]!, nonStreamed) : o));
  return toObservation(byMode, props.usageMode ? mode : 'any', exchanges, kinds);
}

function ruleOutcome(rule: StreamRuleId, props: StreamRuleProps, kind: StreamKind, ex: Exchange, mode: UsageMode): Outcome {
  const label = STREAM_LABEL[kind];
  const refused = notStreamed(ex);
  // `complete` judges refused and unanswered streams too: they did not complete.
  if (refused && !props.judgesRefused)
    return { stream: kind, verdict: 'skip', message: `the ${label} was ${refused}: nothing streamed to judge`, evidence: {} };
  // No vacuous verdicts: a body that is not a stream gives no rule anything to look at (complete included: the
  // answer may be whole, just not streamed). request.stream is the case that judges it.
  const plain = nothingStreamed(ex, kind, label, 'judge');
  if (plain) return plain;
  const a = analysis(ex, kind, mode);
  const cut = cutByBound(ex);
  if (cut && props.needsEnd) {
    return {
      stream: kind,
      verdict: 'inconclusive',
      message: `the ${label} did not end within the harness's bounds (${cut}), so how it ends is unknown (stream.complete reports it)`,
      evidence: { cut, events: a.read.events.length, bytes: a.read.bytes },
    };
  }
  if (props.usageMode && !a.read.done && !a.completion.choices.some((c) => c.finishReason)) {
    return {
      stream: kind,
      verdict: 'skip',
      message: `the ${label} ended before any finish chunk, where usage comes (stream.complete reports it)`,
      evidence: { events: a.read.events.length },
    };
  }
  const r = a.rules[rule];
  if (r.suspect) return { stream: kind, verdict: 'inconclusive', message: r.message, evidence: r.evidence, heuristic: true };
  return { stream: kind, verdict: !r.ok ? 'fail' : r.skipped ? 'skip' : 'pass', message: r.message, evidence: r.evidence };
}

/**
 * The baseline stream's text against the non-streamed answer to the same request (the shared baseline): a
 * streamed text several times longer is a suspicion (a real model answers differently each time), never a failure
 * by itself. A stream already failed (or skipped) keeps its verdict; the comparison joins its evidence.
 */
function againstNonStreamed(o: Outcome, ex: Exchange, json: Exchange): Outcome {
  const completion = classifyAnswer(json).accepted ? readCompletion(json) : undefined;
  if (!completion || notStreamed(ex))
    return { ...o, evidence: { ...o.evidence, nonStreamed: completion ? 'no stream to compare' : 'no non-streamed completion to compare with' } };
  const streamed = analysis(ex, 'baseline').completion.choices[0]?.content ?? '';
  const cmp = compareWithNonStreamed(streamed, firstContent(completion));
  if (!cmp) return { ...o, evidence: { ...o.evidence, nonStreamed: 'an empty text on one side: nothing to compare' } };
  const evidence = { ...o.evidence, nonStreamed: cmp.evidence };
  if (o.verdict === 'pass' && cmp.suspect) return { ...o, verdict: 'inconclusive', heuristic: true, message: `${o.message}; but ${cmp.message}`, evidence };
  return { ...o, evidence };
}

async function sdkOutcome(kind: StreamKind, ex: Exchange, rule: SdkRule): Promise<Outcome> {
  const label = STREAM_LABEL[kind];
  const refused = notStreamed(ex);
  if (refused) return { stream: kind, verdict: 'skip', message: `the ${label} was ${refused}: nothing streamed to replay`, evidence: {} };
  const plain = nothingStreamed(ex, kind, label, 'replay');
  if (plain) return plain;
  const cut = cutByBound(ex);
  if (cut) {
    return {
      stream: kind,
      verdict: 'inconclusive',
      message: `the ${label} did not end within the harness's bounds (${cut}); a client without a timeout would still be waiting`,
      evidence: { cut },
    };
  }
  // What the raw stream carried comes from the analysis every stream case shares (the same uncut read).
  const a = analysis(ex, kind);
  const r = await runSdkOracle(ex, rule.mode, { raw: a.completion, client: rule.client });
  const sdk = `openai-node ${r.sdkVersion} ${sdkApi(rule)}`;
  const evidence = {
    sdk: `openai@${r.sdkVersion}`,
    ok: r.ok,
    error: r.error ?? null,
    chunks: r.chunks,
    ...(r.withoutChoices ? { withoutChoices: r.withoutChoices } : {}),
    contentChars: r.content.length,
    toolCalls: r.toolCalls.length,
    finishReasons: r.finishReasons,
    lost: r.lostDetails,
    durationMs: r.durationMs,
  };
  if (r.timedOut) return { stream: kind, verdict: 'inconclusive', message: `${sdk} did not finish replaying the ${label}: ${r.error}`, evidence };
  if (!r.ok) {
    const lost = r.lost ? ` (it had delivered less than the stream carried: ${r.lostDetails.join('; ')})` : '';
    return { stream: kind, verdict: 'fail', message: `${sdk} threw on the ${label}: ${r.error}${lost}`, evidence };
  }
  if (r.silentLoss) {
    // openai-node 4 hands a named event over as {event, data}: say so, it is what consumers then trip on.
    const wrapped = r.withoutChoices
      ? ` (${r.withoutChoices} of ${r.chunks} chunks it yielded have no choices array, so a consumer reading chunk.choices[0] throws "Cannot read properties of undefined (reading '0')")`
      : '';
    return {
      stream: kind,
      verdict: 'fail',
      message: `${sdk} finished the ${label} without an error but silently lost part of it: ${r.lostDetails.join('; ')}${wrapped}`,
      evidence,
    };
  }
  // The SDK not throwing on an empty body proves nothing: `complete` reports the empty stream.
  if (a.read.events.every((e) => e.dataLines === 0)) {
    return { stream: kind, verdict: 'skip', message: `the ${label} carried no data event, so ${sdk} had nothing to read`, evidence };
  }
  const calls = r.toolCalls.length ? `, ${r.toolCalls.length} tool calls` : '';
  return {
    stream: kind,
    verdict: 'pass',
    message: `${sdk} read the ${label}: ${r.chunks} chunks, ${r.content.length} content chars${calls}, finish ${JSON.stringify(r.finishReasons)}`,
    evidence,
  };
}

/** One bad streamed request (an unknown model): the error must come as an HTTP status, not inside a 200 stream. */
async function prestreamOutcome(io: CaseIO): Promise<Outcome> {
  // The baseline stream (shared) says whether the target streams at all: one that never does cannot put an error
  // inside a stream, so its non-2xx answer to the bad request would be a vacuous pass.
  const [ex, base] = await Promise.all([
    io.send({ method: 'POST', path: io.chatPath, json: { ...io.baselineBody(true), model: UNKNOWN_MODEL }, purpose: 'stream (unknown model)' }),
    io.baseline(true),
  ]);
  const stream = 'unknown-model' as const;
  const res = ex.response;
  if (!res)
    return {
      stream,
      verdict: 'inconclusive',
      message: `no answer to a streamed request for an unknown model (${ex.error?.kind}: ${ex.error?.message})`,
      evidence: {},
    };
  const contentType = res.headers['content-type'] ?? null;
  const evidence: Record<string, unknown> = { status: res.status, contentType };
  if (res.status === 429)
    return { stream, verdict: 'inconclusive', message: 'the streamed request for an unknown model was rate-limited (429) before it was judged', evidence };
  if (base.response?.status === 429)
    return {
      stream,
      verdict: 'inconclusive',
      message: 'the baseline stream was rate-limited (429), so whether the target streams at all is unknown',
      evidence,
    };
  const noStream = notStreamed(base) ?? notAStream(base);
  // An error inside a 200 answer is seen whatever the baseline did: judged below.
  if (noStream && (res.status < 200 || res.status > 299)) {
    return {
      stream,
      verdict: 'skip',
      message: `the baseline stream was ${noStream}: the target did not stream, so how an error travels around a stream was not observed (the unknown model got HTTP ${res.status})`,
      evidence: { ...evidence, baselineStreamed: false },
    };
  }
  if (res.status < 200 || res.status > 299) {
    const message = errorBodyMessage(ex);
    const msg = message !== undefined ? `: ${quote(message)}` : ' (no {"error":{...}} body)';
    return {
      stream,
      verdict: 'pass',
      message: `a streamed request for an unknown model was refused with HTTP ${res.status} before any stream${msg}`,
      evidence,
    };
  }
  const a = analysis(ex, 'baseline');
  if (a.inBandError) {
    const raw = a.read.events[a.inBandError.event]?.raw ?? a.inBandError.message;
    return {
      stream,
      verdict: 'fail',
      message: `a streamed request for an unknown model was answered HTTP ${res.status} (${contentType}) with the error inside the stream: ${quote(raw)}; clients see a successful request, then an APIError with no status`,
      evidence: { ...evidence, event: a.inBandError.event },
    };
  }
  const json = bodyJson(ex) as { error?: unknown } | null | undefined;
  if (json?.error) {
    return {
      stream,
      verdict: 'fail',
      message: `a streamed request for an unknown model was answered HTTP ${res.status} with an error body: ${quote(jsonText(json).slice(0, 200))}`,
      evidence,
    };
  }
  const chars = a.completion.choices.reduce((n, c) => n + c.content.length, 0);
  const what =
    a.completion.chunks > 0
      ? `was served (HTTP ${res.status}, ${a.completion.chunks} chunks, ${chars} chars)`
      : `got HTTP ${res.status} with no chunk and no error (${contentType}, ${res.bodyBytes} bytes)`;
  return {
    stream,
    verdict: 'skip',
    message: `a streamed request for the unknown model "${UNKNOWN_MODEL}" ${what}: no error was reported at all (error.unknown-model judges that), so how pre-stream errors travel was not observed`,
    evidence: { ...evidence, chunks: a.completion.chunks, chars },
  };
}

function toObservation(byMode: ByMode, mode: UsageMode | 'any', exchanges: Exchange[] = [], kinds: StreamKind[] = []): Observation {
  const outcomes = byMode[mode] ?? [];
  const evidence: Record<string, unknown> = {};
  for (const o of outcomes) evidence[o.stream] = { verdict: o.verdict, ...o.evidence };
  // Timing of every stream read, on every stream case (headers, first content token, gaps, total).
  const timing: Record<string, unknown> = {};
  exchanges.forEach((ex, i) => {
    if (!notStreamed(ex) && !notAStream(ex)) timing[kinds[i]!] = analysis(ex, kinds[i]!).timing;
  });
  if (Object.keys(timing).length) evidence.timing = timing;
  const seen = (v: Verdict) => outcomes.some((o) => o.verdict === v);
  const inconclusive = outcomes.filter((o) => o.verdict === 'inconclusive');
  // A suspicion from accounting or content alone outranks a pass: the case is inconclusive, its evidence heuristic.
  const suspected = inconclusive.length > 0 && inconclusive.every((o) => o.heuristic);
  const observed = seen('fail') ? 'broken' : suspected ? 'suspect' : seen('pass') ? 'holds' : seen('inconclusive') ? 'not settled' : 'not judged';
  return {
    observed,
    evidence,
    facts: { byMode },
    signals: [...statusSignals(exchanges), ...outcomeSignals(suspected ? inconclusive : outcomes)],
    note: outcomes.map((o) => o.message).join('; '),
  };
}

/**
 * Each judged stream read as a signal: a rule read over the SSE framing and events is protocol; one whose
 * suspicion rests on accounting or text alone (`heuristic`) is content. A read with nothing to look at (skip)
 * is no signal. A suspect observation rests on its suspicions alone (the reads that held do not outweigh them).
 */
function outcomeSignals(outcomes: Outcome[]): Signal[] {
  return outcomes
    .filter((o) => o.verdict !== 'skip')
    .map((o) => (o.heuristic ? content(`stream ${o.stream} (accounting or text)`, o.verdict) : protocol(`sse ${o.stream}`, o.verdict)));
}

export function judgeRule(obs: Observation, row: StreamRow, mode: UsageMode): Judgement {
  const settled = settledByObservation(obs);
  if (settled) return settled;
  const byMode = (obs.facts?.byMode ?? {}) as ByMode;
  const outcomes = byMode[mode] ?? byMode.any ?? [];
  const say = (list: Outcome[]) => list.map((o) => (outcomes.length > 1 ? `[${label(o)}] ${o.message}` : o.message)).join('; ');
  const failed = outcomes.filter((o) => o.verdict === 'fail');
  const passed = outcomes.filter((o) => o.verdict === 'pass');
  const unsettled = outcomes.filter((o) => o.verdict === 'inconclusive');
  if (row.status === 'optional') {
    const seen = failed.length ? 'broken' : unsettled.length ? 'not settled' : passed.length ? 'holds' : 'not judged';
    return skip(`declared optional, so it cannot fail; observed: ${seen}: ${say(failed.length ? failed : unsettled.length ? unsettled : outcomes)}`);
  }
  if (row.status === 'forbidden') {
    if (failed.length) return pass(`declared forbidden (a documented deviation), and seen: ${say(failed)}`);
    if (unsettled.length) return inconclusive(say(unsettled));
    if (passed.length) return fail(`declared forbidden (a documented deviation), but the rule holds: ${say(passed)}`);
    return skip(say(outcomes));
  }
  if (failed.length) return fail(say(failed));
  if (unsettled.length) return inconclusive(say(unsettled));
  if (passed.length) return pass(say(outcomes));
  return skip(say(outcomes) || 'nothing to judge');
}

function label(o: Outcome): string {
  return o.stream === 'unknown-model' ? 'unknown model' : STREAM_LABEL[o.stream];
}
