/**
 * Profile consistency lint: rows of one merged profile (its own and the ones it inherits) that cannot all be
 * true at once. Each contradiction is one that makes a server doing exactly what the profile documents fail
 * one of the profile's own cases (or leaves a declared case with nothing it could ever judge), so it is refused
 * like a schema error, at the row the most derived profile wrote, naming the other row and where it stands.
 *
 * The rules are tables, not code per profile: what a stream rule needs of the answer (RULE_NEEDS), which
 * request fields only mean something when another one is honoured (NEEDS_FIELD), which error rows probe the
 * range of which field (RANGE_ERRORS). The emulator reads the same statuses the same way (profile-view.ts:
 * ignored and stripped fields are dropped unread, rejected ones refused), which is why these are
 * contradictions and not matters of reading.
 */
import type { Profile } from './profile.types.js';

/** One row of the merged profile: `section.key` (e.g. `response.choices[].finish_reason`). */
export interface RowRef {
  section: string;
  key: string;
}

export interface Contradiction {
  /** The row the problem is reported at (the one the most derived profile declared). */
  at: RowRef;
  /** The row it contradicts. */
  other: RowRef;
  message: string;
}

/** Statuses of a response row that allow the field to be missing on every answer. */
const EMPTY_RESPONSE = new Set(['empty', 'absent']);
/** Request statuses under which the field reaches the model (profile-view.ts `honours`). */
const HONOURED = new Set(['supported', 'partial']);
/** Request statuses under which the field is dropped unread (never validated either). */
const DROPPED = new Set(['ignored', 'stripped']);

/**
 * Stream rules and the answer fields they need on every streamed chunk (or at the end). A `required` rule whose
 * field is declared always empty fails against a server that does what the profile says.
 */
const RULE_NEEDS: Record<string, { paths: string[]; why: string }> = {
  'finish-reason-null-until-end': {
    paths: ['choices[].finish_reason'],
    why: 'demands finish_reason be null (not absent, not "") on every chunk before a terminal one',
  },
  'single-terminal-finish': { paths: ['choices[].finish_reason'], why: 'demands exactly one terminal finish_reason per choice' },
  complete: { paths: ['choices[].finish_reason'], why: 'demands every choice end with a finish_reason' },
  'sdk-final-completion': { paths: ['choices[].finish_reason'], why: 'the SDK helper throws "missing finish_reason" without one' },
  'chunk-object': { paths: ['object'], why: 'demands object "chat.completion.chunk" on every chunk' },
  'stable-id': { paths: ['id', 'created', 'model'], why: 'demands id, created and model on every chunk, identical' },
  'role-first-only': { paths: ['choices[].message.role'], why: 'demands delta.role "assistant" on the first chunk of each choice' },
};
/** usage-chunk statuses that expect a usage object in the stream. */
const USAGE_EXPECTED = new Set(['on-request', 'always', 'on-finish-chunk']);

/**
 * Request rows that only take effect when another field is honoured: a tool_choice that forces a call needs the
 * tools it would call; top_logprobs needs logprobs; include_usage needs a stream. `tool_choice.none` and
 * `tool_choice.auto` are absent on purpose: with the tools dropped, no call is exactly what they allow.
 */
const NEEDS_FIELD: { key: string; needs: string; why: string }[] = [
  { key: 'tool_choice.required', needs: 'tools', why: 'a forced tool call needs the tools to call' },
  { key: 'tool_choice.named', needs: 'tools', why: 'a named tool call needs the tools to call' },
  { key: 'parallel_tool_calls', needs: 'tools', why: 'parallel tool calls need the tools to call' },
  { key: 'function_call', needs: 'functions', why: 'a forced function call needs the functions to call' },
  { key: 'top_logprobs', needs: 'logprobs', why: 'top_logprobs is only returned with logprobs' },
  { key: 'stream_options.include_usage', needs: 'stream', why: 'include_usage only applies to a stream' },
];

/**
 * Error rows that send an out-of-range value of one field (src/checks/errors/catalogue.ts builds them), with the
 * request rows that govern that field in the order the emulator picks them, and the other fields the bad
 * request sends (a rejected one refuses the request whatever the range).
 */
const RANGE_ERRORS: Record<string, { rows: string[]; alsoSends?: string[] }> = {
  'temperature-out-of-range': { rows: ['temperature'] },
  'n-zero': { rows: ['n'] },
  'n-too-large': { rows: ['n'] },
  'top-logprobs-out-of-range': { rows: ['top_logprobs'], alsoSends: ['logprobs'] },
  'too-many-stop': { rows: ['stop'] },
  'stream-options-without-stream': { rows: ['stream_options.include_usage', 'stream_options'] },
};

const is2xx = (s: unknown) => s === '2xx' || (typeof s === 'number' && s >= 200 && s < 300);

/**
 * Every contradiction in a merged profile. `depth(section, key)` says how far up the `extends` chain the row in
 * force was declared (0: the profile itself), so a problem is reported at the row its author wrote last.
 */
export function lintProfile(p: Profile, depth: (ref: RowRef) => number): Contradiction[] {
  const out: Contradiction[] = [];
  const add = (a: RowRef, b: RowRef, message: string) => {
    // Reported where the most derived profile wrote; on a tie, at the first row named.
    const [at, other] = depth(b) < depth(a) ? [b, a] : [a, b];
    out.push({ at, other, message });
  };
  const req = p.request ?? {};
  const stream = p.stream ?? {};
  const response = p.response ?? {};

  // 1. Stream rules required while an answer field they need is declared always empty (one problem per field).
  const byPath = new Map<string, { rule: string; why: string }[]>();
  for (const [rule, need] of Object.entries(RULE_NEEDS)) {
    if (stream[rule]?.status !== 'required') continue;
    for (const path of need.paths) {
      const row = response[path];
      if (row && EMPTY_RESPONSE.has(row.status)) byPath.set(path, [...(byPath.get(path) ?? []), { rule, why: need.why }]);
    }
  }
  for (const [path, rules] of byPath) {
    const said = rules.map((r) => `stream.${r.rule} (${r.why})`).join('; ');
    add(
      { section: 'response', key: path },
      { section: 'stream', key: rules[0]!.rule },
      `response.${path} is declared ${response[path]!.status}, but ${rules.length === 1 ? 'a required stream rule needs it' : `${rules.length} required stream rules need it`}: ${said}. A server doing what the profile documents fails ${rules.length === 1 ? 'it' : 'them'} (declare ${rules.length === 1 ? 'it' : 'them'} optional, with a note citing the document)`,
    );
  }
  const usageMode = stream['usage-chunk']?.status;
  if (usageMode && USAGE_EXPECTED.has(usageMode)) {
    const row = response.usage;
    if (row && EMPTY_RESPONSE.has(row.status)) {
      add(
        { section: 'response', key: 'usage' },
        { section: 'stream', key: 'usage-chunk' },
        `response.usage is declared ${row.status}, but stream.usage-chunk is ${usageMode}, which expects a usage object in the stream (declare usage-chunk never)`,
      );
    }
    const include = req['stream_options.include_usage'] ?? req.stream_options;
    const includeKey = req['stream_options.include_usage'] ? 'stream_options.include_usage' : 'stream_options';
    if (usageMode === 'on-request' && include && !HONOURED.has(include.status)) {
      add(
        { section: 'request', key: includeKey },
        { section: 'stream', key: 'usage-chunk' },
        `request.${includeKey} is declared ${include.status}, but stream.usage-chunk is on-request, which expects a usage chunk when include_usage asks for one (declare usage-chunk never or always)`,
      );
    }
  }

  // 2. A field that only takes effect through another one, honoured while that one is not.
  for (const { key, needs, why } of NEEDS_FIELD) {
    const row = req[key];
    const base = req[needs];
    if (!row || !base || !HONOURED.has(row.status) || HONOURED.has(base.status)) continue;
    add(
      { section: 'request', key },
      { section: 'request', key: needs },
      `request.${key} is declared ${row.status}, but request.${needs} is ${base.status}: ${why}, so the case expects what cannot happen`,
    );
  }

  // 3. A range-error row against the status of the field it probes.
  for (const [id, spec] of Object.entries(RANGE_ERRORS)) {
    const err = p.errors?.[id];
    if (!err) continue;
    const key = spec.rows.find((k) => req[k]);
    const row = key ? req[key] : undefined;
    if (!key || !row) continue;
    const refusedAnyway = (spec.alsoSends ?? []).some((f) => req[f]?.status === 'rejected');
    if (DROPPED.has(row.status) && !is2xx(err.status) && !refusedAnyway) {
      add(
        { section: 'errors', key: id },
        { section: 'request', key },
        `errors.${id} expects ${err.status}, but request.${key} is declared ${row.status}: a field dropped unread is not range-checked either, so the out-of-range value is accepted (declare status 2xx, or the field unsupported if the document says it is validated)`,
      );
    }
    const refusing = row.status === 'rejected' ? key : (spec.alsoSends ?? []).find((f) => req[f]?.status === 'rejected');
    if (refusing && is2xx(err.status)) {
      add(
        { section: 'errors', key: id },
        { section: 'request', key: refusing },
        `errors.${id} expects ${err.status}, but request.${refusing} is declared rejected: every value other than the default is refused, so this bad request is too`,
      );
    }
  }

  // 4. Rows naming a model the profile's own model list does not have (a typo there silently applies to nothing).
  const models = Object.keys(p.models ?? {});
  if (models.length) {
    const known = new Set(models);
    for (const section of ['request', 'messages', 'response', 'stream', 'extensions'] as const) {
      for (const [key, row] of Object.entries(p[section] ?? {})) {
        for (const m of (row as { models?: string[] }).models ?? []) {
          if (!known.has(m))
            add(
              { section, key },
              { section: 'models', key: m },
              `${section}.${key} names the model "${m}", which models: does not list (${models.join(', ')})`,
            );
        }
      }
    }
    for (const [key, row] of Object.entries(p.performance ?? {})) {
      if (row.model && !known.has(row.model))
        add(
          { section: 'performance', key },
          { section: 'models', key: row.model },
          `performance.${key} names the model "${row.model}", which models: does not list (${models.join(', ')})`,
        );
    }
  }
  return out;
}
