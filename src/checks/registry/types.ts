/**
 * The shape of one check in the registry (index.ts): what case ids it verifies, what it reads, which signal
 * decides it, the file its logic lives in, and the observe/judge the area's expander runs for a row. Every
 * area's expansion goes through the registry, so a row whose id no check matches is known before anything is
 * sent (`validate` refuses it) instead of becoming a runtime skip.
 */
import type { Profile } from '../../spec/profile.types.js';
import type { Area, CaseIO, Judgement, Observation } from '../../cases/types.js';
import type { StreamKind } from '../../cases/stream-requests.js';
import type { StreamRuleId } from '../../sse/index.js';
import type { SdkRule } from '../../cases/stream-sdk.js';

/**
 * How one row is verified: describe its declaration, observe the target once, judge against a declaration.
 * `against` is the profile the judged row belongs to (the target's, or the reference for OpenAI parity);
 * `target` is the target's profile whichever row is judged.
 */
export interface RowCheck<Row> {
  describe(row: Row): string;
  observe(io: CaseIO, key: string, row: Row): Promise<Observation>;
  judge(obs: Observation, row: Row, key: string, against: Profile, target: Profile): Judgement;
}

/**
 * The kind of signal that decides a check: `protocol` (a field, a count, a finish_reason, SSE framing),
 * `status` (an HTTP status and error envelope), `accounting` (usage counts: heuristic on its own) or
 * `content` (the text: heuristic on its own). See src/cases/evidence.ts for how confidence follows from it.
 */
export type DecidingKind = 'protocol' | 'status' | 'accounting' | 'content';

/** The properties of a stream rule that the stream expander (src/cases/stream.ts) runs by. */
export interface StreamRuleProps {
  /** What is run on each stream: a framing/sequence rule, an SDK replay, the pre-stream error request, or a rule declared in YAML. */
  run: { rule: StreamRuleId } | { sdk: SdkRule } | { prestream: true } | { declared: true };
  /** The shared streams it reads (stream-requests.ts); the unknown-model request for `prestream`. */
  streams: StreamKind[];
  /** It judges how a stream ends: not judgeable on a stream the harness had to cut (inconclusive then). */
  needsEnd?: boolean;
  /** Judged in a usage mode (the profile's `usage-chunk` status): observed under every mode, judged in one. */
  usageMode?: boolean;
  /** Also compares the baseline stream's text with the non-streamed baseline (shared with the response cases). */
  comparesNonStreamed?: boolean;
  /** Also judges streams that were refused or unanswered (they did not complete). */
  judgesRefused?: boolean;
}

/** An endpoint case beside a row's main case (`endpoint.<id>.<name>`), made when `when(row)` holds. */
export interface VariantOf<Row> {
  of: string;
  when(row: Row): boolean;
}

export interface CheckDef<Row = any> {
  /** An exact case id (`request.max_tokens`) or a pattern with `*` (`request.*`). Exact ids win over patterns. */
  id: string;
  /** Whether this check can verify the row (e.g. a probe value is known for it); default: any row its id matches. */
  matches?(id: string, row: Row): boolean;
  /** Which of the rows its id matches it takes, in words, when `matches` narrows them ("request-header rows"). */
  rows?: string;
  area: Area;
  /** What it reads, in words: "the shared baseline and one request with max_tokens 5". */
  reads: string;
  /** The signal that decides it, and its kind. */
  decides: { signal: string; kind: DecidingKind };
  /** The file where its logic (observe and judge, or the rule) lives, relative to the package root. */
  file: string;
  /** Optional: where the emulator honours (or breaks, under a fault) a row of this check. */
  emulator?: string;
  /** The observe/judge for a row (all areas but `stream`, whose expander runs `stream`'s properties). */
  check?: RowCheck<Row>;
  stream?: StreamRuleProps;
  /** Set on an endpoint variant: a case of its own, not a profile row. */
  variant?: VariantOf<Row>;
}
