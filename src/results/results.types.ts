/* Generated from specs/schema/results.schema.json by scripts/gen-types.mjs. Do not edit: edit the schema and run `npm run gen:types`. */

/**
 * This interface was referenced by `Results`'s JSON-Schema
 * via the `definition` "Verdict".
 */
export type Verdict = 'pass' | 'fail' | 'skip' | 'inconclusive';
/**
 * This interface was referenced by `Results`'s JSON-Schema
 * via the `definition` "Confidence".
 */
export type Confidence = 'decisive' | 'heuristic' | 'unobservable';

/**
 * oai-compat.results/v1: one run of the suite against one target. Additive changes keep v1.
 */
export interface Results {
  schema: 'oai-compat.results/v1';
  tool: {
    name: 'oai-compat';
    version: string;
    /**
     * The Node.js version the run used (process.version).
     */
    node?: string;
    /**
     * The operating system and architecture, e.g. linux-x64.
     */
    platform?: string;
  };
  target: {
    baseUrl: string;
    profile: string;
    model: string;
    /**
     * True when the target was the built-in emulator.
     */
    emulator?: boolean;
    /**
     * The emulator fault that was on, if any.
     */
    fault?: string;
    /**
     * A display name for matrices.
     */
    label?: string;
  };
  startedAt: string;
  finishedAt: string;
  /**
   * True when the exchanges came from a recording, not the network.
   */
  replayed?: boolean;
  shard?: string;
  /**
   * True when SIGINT or SIGTERM cut the run short: the cases not reached are inconclusive.
   */
  interrupted?: boolean;
  /**
   * Why the run stopped before every case was observed: the target stopped answering, the deadline passed, or a signal.
   */
  stopped?: {
    kind: 'unresponsive' | 'deadline' | 'interrupted';
    message: string;
  };
  requests: {
    sent: number;
    retried?: number;
    /**
     * Requests a case needed that an earlier identical request answered.
     */
    shared?: number;
    /**
     * Requests that got no HTTP response (connect error, timeout).
     */
    failed?: number;
    rateLimited?: number;
    pacing?: Pacing;
    /**
     * A merge of shards (oai-compat merge): each shard's own pacing and the 429s it met, in the order the shards were given. Shards pace and learn independently, so no rate is combined from them: the merge's `pacing` is present only when every shard paced at the same rate found the same way.
     */
    pacingByShard?: {
      /**
       * The shard's --shard (i/n), or its position among the merged files when it has none.
       */
      shard: string;
      pacing: Pacing;
      rateLimited?: number;
    }[];
  };
  summary: {
    pass: number;
    fail: number;
    skip: number;
    inconclusive: number;
  };
  cases: CaseResult[];
  /**
   * Run-wide warnings shown once at the top of the reports (a static target, usage that carries no information).
   */
  notices?: string[];
  /**
   * The redacted exchanges behind the cases (bodies capped).
   */
  exchanges?: ExchangeRecord[];
}
/**
 * The rate the run paced at (at its end) and how it was found: declared (the profile's limit, --rpm, --rate), headers (the target's x-ratelimit-remaining/reset), adaptive (learned from its 429s), or unpaced (no limit declared nor met).
 */
export interface Pacing {
  source: 'declared' | 'headers' | 'adaptive' | 'unpaced';
  /**
   * Requests per minute; absent when unpaced. Adaptive: the AIMD rate at the end of the run, near the target's limit, above or below it (it creeps over the limit until a 429 cuts it).
   */
  perMinute?: number;
}
/**
 * This interface was referenced by `Results`'s JSON-Schema
 * via the `definition` "CaseResult".
 */
export interface CaseResult {
  id: string;
  area:
    | 'request'
    | 'message'
    | 'response'
    | 'stream'
    | 'error'
    | 'header'
    | 'endpoint'
    | 'extension'
    | 'performance'
    | 'responses';
  subject: string;
  declared: string;
  observed: string;
  verdict: Verdict;
  confidence: Confidence;
  source: string | null;
  sourceUrl?: string | null;
  message: string;
  evidence: {};
  /**
   * Requests this case caused (shared ones counted once, by the first case).
   */
  requests?: number;
  /**
   * Ids of the exchanges this case read.
   */
  exchanges?: string[];
  /**
   * The same observation judged against the OpenAI reference profile.
   */
  parity?: {
    declared: string;
    verdict: Verdict;
    message?: string;
  };
  durationMs?: number;
  /**
   * What the observation read, each with its kind and its control; the confidence is derived from these.
   */
  signals?: Signal[];
  /**
   * The run's signal quality gate that made this case unobservable: static (the answers do not change with the prompt) or usage (usage counts carry no information).
   */
  gate?: 'static' | 'usage';
}
/**
 * This interface was referenced by `Results`'s JSON-Schema
 * via the `definition` "Signal".
 */
export interface Signal {
  /**
   * protocol: a field, a count, a status, framing; accounting: usage counts; content: the text.
   */
  kind: 'protocol' | 'accounting' | 'content';
  /**
   * What was read, e.g. usage.prompt_tokens or choices[0].logprobs.content.
   */
  name: string;
  /**
   * What the probe's answer carried.
   */
  value?: unknown;
  /**
   * The same reading on the control request (the baseline, or the same request without the field).
   */
  control?: unknown;
  /**
   * true: the control differs, so the field made the difference; false: the control shows the same. Absent: no control applies.
   */
  controlled?: boolean;
  /**
   * On a content signal: the field's documented contract stated over the text itself (the text must not contain the stop sequence; JSON mode's content must parse), which makes the reading decisive on a target whose answers follow the prompt.
   */
  contract?: string;
}
/**
 * This interface was referenced by `Results`'s JSON-Schema
 * via the `definition` "ExchangeRecord".
 */
export interface ExchangeRecord {
  id: string;
  request: {
    method: string;
    url: string;
    headers: {
      [k: string]: string;
    };
    body?: string;
  };
  response?: {
    status: number;
    headers: {
      [k: string]: string;
    };
    body: string;
    bodyBytes: number;
    truncated: boolean;
    /**
     * Arrival of each network read: ms since the request started, and byte length.
     */
    reads?: [number, number][];
  };
  error?: {
    kind: string;
    message: string;
  };
  timings: {
    startedAt: string;
    headersMs?: number;
    firstByteMs?: number;
    totalMs?: number;
    /**
     * The longest the harness's own thread was held up while the exchange was in flight (a busy machine): the control of timing-based verdicts.
     */
    stallMs?: number;
  };
}
