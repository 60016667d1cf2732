/**
 * Cases: one profile row crossed with the check that knows how to verify it. A case observes the
 * target once (observe) and is then judged against a declaration (judge) — against the target's own
 * profile ("as documented") and against the OpenAI reference ("OpenAI parity"), from the same exchanges.
 */
import type { Exchange, OutgoingRequest } from '../transport/types.js';
import type { Profile } from '../spec/profile.types.js';
import type { CaseResult } from '../results/results.types.js';

export type Area = CaseResult['area'];
export type Verdict = CaseResult['verdict'];
export type Confidence = CaseResult['confidence'];

/**
 * One thing an observation read, and how much it can carry (src/cases/evidence.ts derives the
 * observation's confidence from these, so no probe assigns confidence by hand):
 * - `protocol`: a field present in the answer, a choice count, a finish_reason, a tool call naming the
 *   declared function, a 4xx naming the param, SSE framing, an HTTP status;
 * - `accounting`: usage counts (a server's bookkeeping, not protocol), and the harness's own timings (a
 *   measurement, not protocol: performance claims keep their verdict all the same);
 * - `content`: the text the model wrote.
 */
export type SignalKind = 'protocol' | 'accounting' | 'content';

export interface Signal {
  kind: SignalKind;
  /** What was read: `choices[0].logprobs.content`, `usage.prompt_tokens`, `http.status`. */
  name: string;
  /** What the probe's answer carried. */
  value: unknown;
  /** The same reading on the control (the same request without the field, or the shared baseline). */
  control?: unknown;
  /**
   * Whether the control isolates the field: `true` the control differs (the field made the difference),
   * `false` the control shows the same (the reading says nothing about the field). Absent: no control
   * applies (a choice count for n 2, a 4xx naming the param).
   */
  controlled?: boolean;
  /**
   * On a content signal: the field's documented contract, when it is stated over the text itself ("the
   * returned text will not contain the stop sequence", "JSON mode's content is a JSON object"). Reading the
   * text is then reading the field's own protocol, so the signal is decisive (evidence.ts); without a
   * contract the text is only a hint. Accounting signals never carry one: usage is bookkeeping.
   */
  contract?: string;
}

/** A per-run signal quality gate an observation was subject to (src/probes/gates.ts). */
export type GateName = 'static' | 'usage';

export interface Observation {
  /** What the target did, in one word or a short phrase: `supported`, `ignored`, `rejected 400 (param n)`, `empty`, ... */
  observed: string;
  /** Numbers, not adjectives: `{ completion_tokens: [5, 212] }`, `{ choices: 1, asked: 2 }`. */
  evidence: Record<string, unknown>;
  /** Facts for the judge that are not for display (parsed values, flags). */
  facts?: Record<string, unknown>;
  /** A sentence that explains the observation when it is not obvious. */
  note?: string;
  /** When the observation itself settles the verdict whatever was declared (a stochastic probe that did not settle). */
  verdict?: Extract<Verdict, 'inconclusive' | 'skip'>;
  /**
   * What was read, with its kind and control. There is no confidence field: it is derived from these (and
   * the gate) in one place, src/cases/evidence.ts `observationConfidence`; none read → `unobservable`.
   */
  signals?: Signal[];
  /** The run's signal quality gate that made this observation unobservable (a static target, unusable usage). */
  gate?: GateName;
}

export interface Judgement {
  verdict: Verdict;
  message: string;
  /**
   * Signals the verdict rests on that the observation recorded only as plain evidence, because whether they
   * decide depends on the row: a 2xx is decisive against a field declared rejected, and half the claim of one
   * declared ignored. The confidence is derived from the observation's signals and these.
   */
  signals?: Signal[];
}

/** What a case can do while it observes: send requests (counted per case), reuse the run's shared baselines. */
export interface CaseIO {
  profile: Profile;
  reference: Profile;
  model: string;
  /** Samples for stochastic probes (k). */
  samples: number;
  send(req: OutgoingRequest): Promise<Exchange>;
  /** The chat-completions path of the target (relative to the base URL). */
  chatPath: string;
  /** The shared baseline request body for a streaming mode. */
  baselineBody(stream: boolean): Record<string, unknown>;
  /** The shared baseline exchange (one per model and streaming mode per run). */
  baseline(stream: boolean): Promise<Exchange>;
  /** Every 429 answer the run has met so far (retried attempts included): the harness never provokes one. */
  rateLimited(): Exchange[];
  /** POST chat completions with the baseline body plus `extra` (fields set to undefined are removed). */
  chat(extra: Record<string, unknown>, opts?: Partial<OutgoingRequest> & { stream?: boolean }): Promise<Exchange>;
  /** The run's acceptance group a field case was planned into (src/probes/group-plan.ts), if any. */
  acceptanceGroup?(caseId: string): AcceptanceGroupHandle | undefined;
  /** The run's group of sampling controls declared not honoured (src/probes/group-sampling.ts), if any. */
  samplingGroup?(caseId: string): SamplingGroupHandle | undefined;
  /** The run's group of effect probes for fields declared ignored (src/probes/group-ignored.ts), if any. */
  ignoredGroup?(caseId: string): IgnoredGroupHandle | undefined;
}

/** Effect probes of fields declared ignored, read together from one request, split on any effect (src/probes/group-ignored.ts). */
export interface IgnoredGroupHandle {
  /** How many fields the group holds. */
  readonly size: number;
  /** Whichever member asks first sends the group's request (and a split's), and reads every member's probe on it. */
  decide(io: CaseIO, caseId: string): Promise<IgnoredDecision>;
  /** The CaseIO a member's probe runs on: its own first request (and other members', read as follow-ups) answered as decided. */
  memberIO(io: CaseIO, caseId: string): Promise<CaseIO>;
}

export interface IgnoredDecision {
  /** The request that stands for the member's own first request (the group's, or a split part's); undefined: its own, sent alone. */
  standIn?: OutgoingRequest;
  /** How many fields that request carried (1: alone). */
  size: number;
  /** The part sizes from the whole group down to the deciding request (`[7]`, or `[7, 4, 2]` after splits). */
  path: number[];
  /** The group's answer said nothing about the fields (a 429, a dry run): it stands unread, not as quiet. */
  unread?: boolean;
}

/** Sampling controls declared not honoured, sampled together once (src/probes/group-sampling.ts). */
export interface SamplingGroupHandle {
  readonly members: readonly string[];
  /** k fresh samples of every member's narrow setting at once; whichever member asks first sends them. */
  sample(io: CaseIO): Promise<SampledGroup>;
}

export interface SampledGroup {
  /** The fields the samples carried. */
  fields: Record<string, unknown>;
  /** The member whose case sent them (its requests count them). */
  sentBy: string;
  members: number;
  samples: number;
  /** Every sample distinct and diverging at once: no member is honoured. Otherwise each member samples on its own. */
  settled: boolean;
  distinct?: number;
  prefixShare?: number;
  /** A dry run: the samples were planned, not sent (the members plan none of their own). */
  dryRun?: boolean;
}

/** Acceptance-only fields decided together by one request, split on a refusal (src/probes/group.ts). */
export interface AcceptanceGroupHandle {
  /** How many fields the group holds. */
  readonly size: number;
  /** What its members are ("acceptance-only fields"), for the note of a member's verdict. */
  readonly noun: string;
  /** The request that decides `caseId`'s acceptance, sent: whichever member asks first sends through its io. */
  decide(io: CaseIO, caseId: string): Promise<GroupDecision>;
}

export interface GroupDecision {
  /** The request that decided it (the group's, a subset's, or the field's own): a member reads it again, shared. */
  request: OutgoingRequest;
  /** How many fields that request carried. */
  size: number;
  /** The subset sizes from the whole group down to the deciding request (`[24]`, or `[24, 12, 6]` after splits). */
  path: number[];
}

export interface CaseDef<Row = unknown> {
  id: string;
  area: Area;
  subject: string;
  /** The row in force in the target's profile, and the reference profile's row for the same key (if any). */
  row: Row;
  referenceRow?: Row;
  /** Human text of a declaration, e.g. `ignored`, `empty`, `400 with param "n"`. */
  describe(row: Row): string;
  source: string | null;
  observe(io: CaseIO, row: Row): Promise<Observation>;
  judge(obs: Observation, row: Row): Judgement;
}

export type AnyCase = CaseDef<any>;
