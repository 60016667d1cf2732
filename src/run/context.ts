/**
 * One run against one target: the loaded profiles, the transport behind the scheduler, the shared
 * baselines, and the execution of a case into a CaseResult (observe once, judge against the target's
 * profile and against the OpenAI reference). Used by the vitest suites and, directly, by the tests.
 */
import type { Profile } from '../spec/profile.types.js';
import type { CaseResult, ExchangeRecord } from '../results/results.types.js';
import type { AnyCase, CaseIO, Observation, Judgement } from '../cases/types.js';
import type { Exchange, OutgoingRequest } from '../transport/types.js';
import { DEFAULT_LIMITS } from '../transport/types.js';
import { createTransport, type Send, type Transport } from '../transport/http.js';
import { createScheduler, type Scheduler } from '../transport/scheduler.js';
import type { LearnedRate } from '../transport/sched-adaptive.js';
import { RunGuard, RunStoppedError, type StopReason } from '../transport/sched-guard.js';
import { perMinute } from '../transport/ratelimit.js';
import { requestKey } from '../transport/sched-key.js';
import { createRecorder, openReplay, type Recorder } from '../transport/cassette.js';
import { registerSecret, redactText } from '../transport/redact.js';
import { loadProfile } from '../spec/load.js';
import { expandCases, matchesOnly } from '../cases/index.js';
import { BASELINE_PROMPT } from '../probes/generic.js';
import { toRecord } from './records.js';
import { settledByObservation, guardJudgement } from '../cases/verdicts.js';
import { evidenceFields, observationConfidence } from '../cases/evidence.js';
import type { RunConfig } from './config.js';
import { listenForStop } from './control.js';
import { SharedAnswers } from './shared-answers.js';
import { Semaphore } from '../transport/sched-semaphore.js';
import { reclaim } from './reclaim.js';
import { planAcceptanceGroups } from '../probes/group-plan.js';
import { planSamplingGroup } from '../probes/group-sampling.js';
import { planIgnoredGroups } from '../probes/group-ignored.js';
import { chatRequest } from '../cases/chat-request.js';
import type { AcceptanceGroupHandle, IgnoredGroupHandle, SamplingGroupHandle } from '../cases/types.js';

/** 429 answers kept for the header checks (they read a handful; every 429 met is counted in the stats). */
const MAX_LIMITED_KEPT = 50;
/** An answer past this many body bytes is "big": read by one case at a time. */
const BIG_ANSWER_BYTES = 1024 * 1024;
import { depthExceededAt, MAX_JSON_DEPTH } from '../transport/json-depth.js';

export interface RunOptions {
  config: RunConfig;
  apiKey?: string;
  /** Replace the network (tests). */
  send?: Send;
  /**
   * Pace at the profile's declared rate limit even without --rpm (on for real targets, off for the
   * emulator); with no limit declared, learn it from the target's answers (adaptive pacing).
   */
  paceAtDeclaredLimit?: boolean;
  /** The window adaptive pacing assumes a limit is counted in (default a minute; tests scale it). */
  pacingWindowMs?: number;
}

export interface RequestStats {
  sent: number;
  shared: number;
  failed: number;
  retried: number;
  rateLimited: number;
}

/** What one case's execution tracks: requests it caused, a stop that refused it, the big-answer slot. */
interface CaseCounter {
  requests: number;
  refused?: StopReason;
  holdsBigSlot?: boolean;
  /** The run's 429s a case read as its subject (io.rateLimited()): never the reason it is bounded. */
  read429?: Set<string>;
}

export class RunContext {
  readonly profile: Profile;
  readonly reference: Profile;
  readonly cases: AnyCase[];
  private readonly transport?: Transport;
  private readonly scheduler: Scheduler;
  private readonly recorder?: Recorder;
  private readonly rawSend: Send;
  private sharedCount = 0;
  /** Every 429 any attempt met, before the scheduler's retries hide it (header checks read them). */
  private readonly limitedAnswers: Exchange[] = [];
  /** Answers later identical requests share (bounded: see shared-answers.ts). Nothing else is kept run-long. */
  private readonly shared = new SharedAnswers();
  /**
   * One case at a time reads a big answer (its parsed events and analyses are ~15x its bytes): a case
   * that gets one takes this slot until it ends. Re-entrant per case, and taken only after an answer has
   * arrived, so a case holding it never waits for another case: no deadlock.
   */
  private readonly bigAnswerSlot = new Semaphore(1);
  /** The run's bounds: breaker, deadline, outside stop. */
  readonly guard: RunGuard;
  /** Acceptance-only fields sent together, by case id (probes/group-plan.ts), planned from the selected cases. */
  private readonly groups: Map<string, AcceptanceGroupHandle>;
  /** Sampling controls declared not honoured, sampled together (probes/group-sampling.ts). */
  private readonly samplingGroups: Map<string, SamplingGroupHandle>;
  /** Effect probes of fields declared ignored, sent together (probes/group-ignored.ts). */
  private readonly ignoredGroups: Map<string, IgnoredGroupHandle>;

  constructor(
    readonly options: RunOptions,
    replay?: Send,
  ) {
    const { config } = options;
    registerSecret(options.apiKey);
    // The CLI's validated profiles when it handed them over (run/config.ts `loaded`); loaded and validated here otherwise.
    this.profile = config.loaded?.profile ?? loadProfile(config.profile).profile;
    this.reference = config.loaded?.reference ?? loadProfile('openai').profile;
    this.cases = expandCases(this.profile, this.reference).filter((c) => matchesOnly(c.id, config.only));
    this.groups = planAcceptanceGroups(this.cases);
    this.samplingGroups = planSamplingGroup(this.cases);
    this.ignoredGroups = planIgnoredGroups(this.cases);
    // The network (or a recording, or a test's stand-in) → the scheduler (concurrency, pacing, retries,
    // budget, dry run) → the recorder → this context's sharing, which attributes each send to one case.
    this.guard = new RunGuard({ deadlineAt: config.deadlineAt, tripAfter: config.tripAfter });
    let network = options.send ?? replay;
    if (!network) {
      this.transport = createTransport({
        signal: this.guard.signal,
        baseUrl: config.baseUrl,
        apiKey: options.apiKey,
        defaultAuth: 'bearer',
        headers: config.headers,
        limits: { ...DEFAULT_LIMITS, totalMs: config.timeoutMs, headersMs: Math.min(DEFAULT_LIMITS.headersMs, config.timeoutMs) },
      });
      network = this.transport.send;
    }
    const wire = network;
    network = async (req) => {
      const ex = await wire(req);
      // Header checks read a few of them; a target that answers nothing but 429 must not fill memory.
      if (ex.response?.status === 429 && this.limitedAnswers.length < MAX_LIMITED_KEPT) this.limitedAnswers.push(ex);
      return ex;
    };
    const declared = options.paceAtDeclaredLimit && !replay ? this.profile.limits?.requestsPerMinute : undefined;
    const rate = config.rate ?? (declared ? perMinute(declared) : undefined);
    this.scheduler = createScheduler({
      send: network,
      concurrency: config.concurrency,
      rateLimit: rate,
      adaptive: options.paceAtDeclaredLimit && !replay,
      adaptiveWindowMs: options.pacingWindowMs,
      maxRequests: config.maxRequests,
      maxRetries: config.retries,
      maxRetryWaitMs: config.maxRetryAfterMs,
      dryRun: config.dryRun,
      share: false,
      // A replay is bounded by its recording; a dry run sends nothing: only the network needs the breaker.
      guard: this.guard,
    });
    this.recorder = config.record ? createRecorder(config.record, injectedFault(config.label) === 'record' ? failingWrite : undefined) : undefined;
    this.rawSend = this.recorder ? this.recorder.wrap(this.scheduler.send) : this.scheduler.send;
  }

  /** Builds a context; a replay needs its recording read first. */
  static async create(options: RunOptions): Promise<RunContext> {
    // The harness's own fault injection, so that tests can prove a failure inside the suites is exit 4.
    const fault = injectedFault(options.config.label);
    if (fault === 'context') throw new Error(`injected harness fault (OAI_COMPAT_HARNESS_FAULT=${process.env.OAI_COMPAT_HARNESS_FAULT})`);
    if (fault === 'uncaught')
      setImmediate(() => {
        throw new Error(`injected uncaught harness fault (OAI_COMPAT_HARNESS_FAULT=${process.env.OAI_COMPAT_HARNESS_FAULT})`);
      });
    const replay = options.config.replay ? (await openReplay(options.config.replay)).send : undefined;
    const ctx = new RunContext(options, replay);
    if (options.config.controlChannel) ctx.stopListening = listenForStop(options.config.controlChannel, (r) => ctx.stop(r));
    return ctx;
  }

  private stopListening?: () => void;

  /** Why the run stopped early, if it did. */
  get stopped(): StopReason | undefined {
    return this.guard.stopped;
  }

  /** Stops the run from outside (Ctrl-C): nothing more is sent, requests in flight are aborted. */
  stop(reason: StopReason): void {
    this.guard.stop(reason);
  }

  get stats(): RequestStats {
    const s = this.scheduler.stats();
    return { sent: s.sent, shared: this.sharedCount, failed: s.failed, retried: s.retried, rateLimited: s.rateLimited };
  }

  /** The rate the run paces at and how it was found (results.json `requests.pacing`). */
  get pacing(): LearnedRate {
    return this.scheduler.pacing();
  }

  /**
   * What the run holds across cases, for the memory bounds (test/bounds/memory.test.ts): the body bytes
   * of the shared answers (bounded by SHARED_BODY_BUDGET, plus the answer in use) and the 429s kept.
   * A case's own exchanges are not here: they go with the case, as records capped by records.ts.
   */
  retained(): { sharedBodyBytes: number; limitedAnswers: number } {
    return { sharedBodyBytes: this.shared.keptBytes, limitedAnswers: this.limitedAnswers.length };
  }

  /** Dry run: the requests the run would have sent. */
  planned() {
    return this.scheduler.planned();
  }

  get model(): string {
    return this.options.config.model;
  }

  get chatPath(): string {
    return '/chat/completions';
  }

  baselineBody(stream: boolean): Record<string, unknown> {
    return { model: this.model, messages: [{ role: 'user', content: BASELINE_PROMPT }], ...(stream ? { stream: true } : {}) };
  }

  /**
   * Sends a request once per run: identical requests (same method, path, auth and body) share one
   * exchange unless `fresh` asks for an independent sample (shared only as that sample: `sample`). `onSent`
   * tells the caller it caused the send.
   */
  send(req: OutgoingRequest, onSent?: (ex: Exchange) => void): Promise<Exchange> {
    const key = !req.fresh ? requestKey(req) : req.sample !== undefined ? `${requestKey(req)}#sample${req.sample}` : undefined;
    if (key) {
      const hit = this.shared.get(key);
      if (hit) {
        this.sharedCount++;
        return hit;
      }
    }
    const p = this.rawSend(req).then((ex) => {
      onSent?.(ex);
      return ex;
    });
    if (key) this.shared.set(key, p);
    return p;
  }

  /** The case's view of the run: sends are counted per case; baselines are shared. */
  ioFor(c: AnyCase, used: Map<string, Exchange>, counter: CaseCounter): CaseIO {
    const send = async (req: OutgoingRequest) => {
      try {
        const ex = await this.send({ purpose: c.id, ...req }, () => counter.requests++);
        if (!counter.holdsBigSlot && (ex.response?.bodyBytes ?? 0) > BIG_ANSWER_BYTES) {
          counter.holdsBigSlot = true;
          await this.bigAnswerSlot.acquire();
        }
        used.set(ex.id, ex);
        return ex;
      } catch (e) {
        // Remembered even if the case catches it: a case refused by the stop observed nothing whole.
        if (e instanceof RunStoppedError) counter.refused = e.reason;
        throw e;
      }
    };
    const io: CaseIO = {
      profile: this.profile,
      reference: this.reference,
      model: this.model,
      samples: this.options.config.samples,
      chatPath: this.chatPath,
      send,
      baselineBody: (stream) => this.baselineBody(stream),
      acceptanceGroup: (id) => this.groups.get(id),
      samplingGroup: (id) => this.samplingGroups.get(id),
      ignoredGroup: (id) => this.ignoredGroups.get(id),
      rateLimited: () => {
        counter.read429 ??= new Set();
        for (const ex of this.limitedAnswers) {
          used.set(ex.id, ex);
          // Read as the subject of the case (header.retry-after), not as its answer: never the reason it is bounded.
          counter.read429.add(ex.id);
        }
        return [...this.limitedAnswers];
      },
      baseline: (stream) => send({ method: 'POST', path: this.chatPath, json: this.baselineBody(stream), purpose: `baseline${stream ? ' (stream)' : ''}` }),
      chat: (extra, opts = {}) => send(chatRequest(this, extra, opts)),
    };
    return io;
  }

  async execute(c: AnyCase): Promise<{ result: CaseResult; exchanges: ExchangeRecord[] }> {
    const counter: CaseCounter = { requests: 0 };
    try {
      return await this.observeAndJudge(c, counter);
    } finally {
      if (counter.holdsBigSlot) {
        this.bigAnswerSlot.release();
        // What the case parsed from the big answer is garbage now: collected before the next one is read.
        reclaim();
      }
    }
  }

  private async observeAndJudge(c: AnyCase, counter: CaseCounter): Promise<{ result: CaseResult; exchanges: ExchangeRecord[] }> {
    const started = performance.now();
    // The exchanges this case read, held only while it runs (then as records in the results).
    const used = new Map<string, Exchange>();
    let obs: Observation;
    try {
      this.guard.check();
      obs = await c.observe(this.ioFor(c, used, counter), c.row);
      // Judged below while the slot is still held: the judge reads the same big answer.
    } catch (e) {
      if (e instanceof RunStoppedError) counter.refused = e.reason;
      const err = e as Error;
      const budget = err.name === 'BudgetExceededError';
      obs = {
        observed: budget ? 'not sent' : 'harness error',
        evidence: {},
        verdict: budget ? 'skip' : 'inconclusive',
        note: budget ? `skipped: ${err.message}` : `harness error: ${redactText(err.message)}`,
      };
    }
    const bound = this.boundedBy(new Map([...used].filter(([id]) => !counter.read429?.has(id))), counter.refused);
    if (bound) obs = { observed: 'not observed', evidence: obs.evidence ?? {}, verdict: 'inconclusive', note: bound };
    const judgement = judgeSafely(c, obs, c.row);
    // The signals a verdict rests on are the observation's and those its judgement names (a 2xx against a declared rejection).
    if (judgement.signals?.length) obs = { ...obs, signals: [...(obs.signals ?? []), ...judgement.signals] };
    const result: CaseResult = {
      id: c.id,
      area: c.area,
      subject: c.subject,
      declared: c.describe(c.row),
      observed: obs.observed,
      verdict: judgement.verdict,
      confidence: observationConfidence(obs),
      source: c.source,
      sourceUrl: sourceUrl(this.profile, c.source),
      message: redactText(judgement.message),
      evidence: keptEvidence(obs.evidence),
      ...keptSignals(obs),
      requests: counter.requests,
      exchanges: [...used.keys()],
      durationMs: Math.round(performance.now() - started),
    };
    if (c.referenceRow !== undefined && this.profile.profile !== this.reference.profile) {
      const parity = judgeSafely(c, obs, c.referenceRow);
      result.parity = { declared: c.describe(c.referenceRow), verdict: parity.verdict, message: redactText(parity.message) };
    }
    const exchanges = [...used.values()].map(toRecord);
    return { result, exchanges };
  }

  /**
   * The run's bounds, not the target, decided what a case saw: it was refused by the stop, one of its
   * exchanges got no answer once the run stopped (aborted, or among the timeouts that tripped the
   * breaker), or the scheduler gave up on a 429/503 (Retry-After beyond the cap). Then the case is
   * inconclusive, whatever its judge would make of the partial answer.
   */
  private boundedBy(used: Map<string, Exchange>, refused: StopReason | undefined): string | undefined {
    if (refused) return refused.message;
    const exchanges = [...used.values()];
    const stop = this.guard.stopped;
    if (stop && exchanges.some((x) => !x.response || x.error)) return stop.message;
    for (const x of exchanges) {
      const why = this.scheduler.gaveUp(x);
      if (why) return `not observed: ${why}`;
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.stopListening?.();
    this.guard.dispose();
    await this.recorder?.close();
    await this.transport?.close();
  }
}

/**
 * OAI_COMPAT_HARNESS_FAULT, the harness's own fault injection for its tests: `KIND` fails every run,
 * `KIND:LABEL` only the run of that label (one target of a configuration). KIND `context`: building the
 * context throws; `uncaught`: an error nobody catches, on the next turn of the event loop; `record`: every
 * write of the --record cassette fails (transport/cassette.ts).
 */
export function injectedFault(label: string | undefined): string | undefined {
  const given = process.env.OAI_COMPAT_HARNESS_FAULT;
  if (!given) return undefined;
  const [kind, only] = given.split(':', 2);
  return only === undefined || only === label ? kind : undefined;
}

/** A cassette write as a full disk fails it (the `record` fault). */
function failingWrite(): never {
  throw Object.assign(new Error('ENOSPC: no space left on device, write (injected: OAI_COMPAT_HARNESS_FAULT=record)'), { code: 'ENOSPC' });
}

/**
 * An observation that settled its own verdict wins; a judge that throws is a harness error, reported as
 * such; every judgement passes the central evidence guard (a failure needs decisive evidence, a 429 is
 * never a field's verdict).
 */
function judgeSafely(c: AnyCase, obs: Observation, row: unknown): Judgement {
  const settled = settledByObservation(obs);
  if (settled) return settled;
  try {
    return guardJudgement(obs, c.judge(obs, row), c.area);
  } catch (e) {
    return { verdict: 'inconclusive', message: `harness error while judging: ${(e as Error).message}` };
  }
}

/**
 * The evidence as results.json keeps it: redacted, and bounded in nesting (a value taken from a hostile
 * answer may nest deeper than any report, merge or diff can walk). Past the bound it says so instead.
 */
function keptEvidence(evidence: Record<string, unknown>): Record<string, unknown> {
  let text: string;
  try {
    text = redactText(JSON.stringify(evidence ?? {}));
  } catch {
    return { omitted: 'the evidence could not be serialised (nested too deep)' };
  }
  if (depthExceededAt(text) >= 0) return { omitted: `the evidence nests deeper than ${MAX_JSON_DEPTH} levels and was not kept` };
  return JSON.parse(text) as Record<string, unknown>;
}

/** The observation's signals and gate, redacted like its evidence (nothing when they could not be kept). */
function keptSignals(obs: Observation): ReturnType<typeof evidenceFields> {
  const kept = keptEvidence(evidenceFields(obs));
  return 'omitted' in kept ? {} : (kept as ReturnType<typeof evidenceFields>);
}

function sourceUrl(profile: Profile, source: string | null): string | null {
  if (!source) return null;
  const [file] = source.split('#');
  return profile.documents?.[file]?.url ?? null;
}
