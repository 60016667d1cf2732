/* Generated from specs/schema/profile.schema.json by scripts/gen-types.mjs. Do not edit: edit the schema and run `npm run gen:types`. */

/**
 * Free text: a caveat, or a conflict between two documents and which one won.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Note".
 */
export type Note = string;
/**
 * Where the row comes from: `<document file>#<table or section title>`, e.g. `parallel-chat-api.md#Simple Fields`.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Source".
 */
export type Source = string;
/**
 * Further `<document>#<table or section>` places that state the same fact (a second table, an older page, an API reference). Coverage counts their rows as encoded by this row too.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "SeeAlso".
 */
export type SeeAlso = Source[];
/**
 * Labels of document rows this row encodes when they differ from its key: a table row's first cell, one item of a compound first cell (`tools, tool_choice`), or a row of a declared inventory. Matched (case-insensitively, with a trailing parenthetical optional) in the tables that `source` and `seeAlso` name.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Covers".
 */
export type Covers = string[];
/**
 * An HTTP status (400) or a class (`4xx`).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "StatusPattern".
 */
export type StatusPattern = number | string;
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "JsonType".
 */
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/**
 * One provider's declared behaviour, encoded from its compatibility documentation. Every row carries a `source`. A profile that `extends` another states only its deviations: a row here replaces the parent's row with the same key, whole.
 */
export interface Profile {
  /**
   * Stable profile id, e.g. `parallel`.
   */
  profile: string;
  title: string;
  /**
   * Parent profile id (a file specs/<id>.yaml, or a sibling of this file).
   */
  extends?: string;
  /**
   * The documents this profile encodes, keyed by file name under specs/sources/. Row sources name them.
   */
  documents?: {
    [k: string]: Document;
  };
  target?: Target;
  /**
   * Models the provider documents, keyed by model id.
   */
  models?: {
    [k: string]: ModelRow;
  };
  limits?: Limits;
  /**
   * Top-level request fields of POST /chat/completions, keyed by field path (e.g. `max_tokens`, `stream_options.include_usage`, `response_format.json_schema`).
   */
  request?: {
    [k: string]: FieldRow;
  };
  /**
   * Message fields and message shapes, keyed by path (e.g. `name`, `content.parts`, `role.developer`).
   */
  messages?: {
    [k: string]: FieldRow;
  };
  /**
   * Fields of the non-streamed chat completion, keyed by JSON path with `[]` for every array element (e.g. `choices[].message.refusal`).
   */
  response?: {
    [k: string]: ResponseRow;
  };
  /**
   * Stream framing and chunk-sequence rules, keyed by check id (e.g. `done-sentinel`, `usage-chunk`).
   */
  stream?: {
    [k: string]: StreamRow;
  };
  /**
   * The Responses API (`POST /responses`): its checks keyed by check id (e.g. `object`, `usage-total`, `stream-sequence-number`). Whether the operation is served at all is `endpoints.responses` when the profile declares it (unsupported there makes every row moot); otherwise these rows declare it served.
   */
  responses?: {
    [k: string]: ResponsesRow;
  };
  /**
   * Bad requests and how the provider answers them, keyed by error case id (e.g. `malformed-json`, `missing-messages`).
   */
  errors?: {
    [k: string]: ErrorRow;
  };
  errorEnvelope?: ErrorEnvelope;
  /**
   * Response and request headers, keyed by lower-case header name.
   */
  headers?: {
    [k: string]: HeaderRow;
  };
  /**
   * Authentication schemes, keyed by scheme id (`bearer`, `x-api-key`, `api-key`, `organization-header`).
   */
  auth?: {
    [k: string]: AuthRow;
  };
  /**
   * Operations beside chat completions, keyed by operation id (`models`, `embeddings`, `completions`, `responses`, `images`, ...).
   */
  endpoints?: {
    [k: string]: EndpointRow;
  };
  /**
   * Provider-specific response fields, keyed by name, each with a JSON Schema that ajv checks.
   */
  extensions?: {
    [k: string]: ExtensionRow;
  };
  /**
   * Latency claims, keyed by claim id (e.g. `ttft-p50-speed`).
   */
  performance?: {
    [k: string]: PerformanceRow;
  };
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Document".
 */
export interface Document {
  title: string;
  url?: string;
  /**
   * Older documents this one wins over where they disagree.
   */
  supersedes?: string[];
  /**
   * Per-table coverage declarations for this document, keyed by table or section title: inventories of unparseable sections, row labels, and what is out of scope (with a reason).
   */
  tables?: {
    [k: string]: TableScope;
  };
}
/**
 * How coverage reads one table or section of a document, keyed by its title.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "TableScope".
 */
export interface TableScope {
  /**
   * An explicit inventory of the section's rows, for sections that are prose, lists or flattened tables the extractor cannot parse. Each label must occur verbatim in the section's text.
   */
  rows?: string[];
  /**
   * Header names of the columns whose cells, joined with a space, label a row (for tables whose first cell repeats, e.g. a status column).
   *
   * @minItems 1
   */
  labelColumns?: [string, ...string[]];
  /**
   * Why the whole table does not describe provider behaviour (e.g. a bibliography, SDK internals). Coverage lists it and does not count it.
   */
  outOfScope?: string;
  /**
   * Rows (by label) that do not describe testable provider behaviour, each with the reason.
   */
  rowsOutOfScope?: {
    [k: string]: string;
  };
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Target".
 */
export interface Target {
  /**
   * The provider's documented base URL (for the README and reports; `run --base-url` overrides).
   */
  baseUrl?: string;
  /**
   * Path prefix that the emulator serves under, e.g. `/v1`, or empty.
   */
  basePath?: string;
  defaultModel?: string;
  /**
   * What the provider does with request fields it does not know.
   */
  unknownFields?: 'ignore' | 'reject';
  source?: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ModelRow".
 */
export interface ModelRow {
  /**
   * Documented latency class, e.g. `~3s` or `10-60s`.
   */
  latency?: string;
  /**
   * Extension names (see `extensions`) present on this model's responses.
   */
  extensions?: string[];
  category?: string;
  capabilities?: string[];
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Limits".
 */
export interface Limits {
  requestsPerMinute?: number;
  source?: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "FieldRow".
 */
export interface FieldRow {
  /**
   * supported: honoured; ignored: accepted with no effect; rejected: 4xx (see `error`); unsupported: not honoured, either ignored or rejected (the document does not say which); partial: accepted, honoured on some models only; stripped: a gateway removes it before the upstream (accepted, no effect).
   */
  status: 'supported' | 'ignored' | 'rejected' | 'unsupported' | 'partial' | 'stripped';
  /**
   * The value the probe sends. Needed when no built-in probe knows the field.
   */
  value?: {
    [k: string]: unknown;
  };
  error?: ErrorExpectation;
  /**
   * For `partial`: what the field degrades to where unsupported, e.g. `json_object`.
   */
  fallback?: string;
  /**
   * What a request can show of the row: `acceptance` when being accepted (a 2xx chat completion) is the whole claim (a user id over 64 characters, null content beside tool_calls, a made-up key). Then acceptance decides `supported`, and `unsupported` passes on acceptance or on a clean 4xx in the error envelope.
   */
  claim?: 'acceptance';
  /**
   * Models the row applies to; omitted: every model.
   */
  models?: string[];
  /**
   * A chat-completions path of its own for this row, relative to the base URL (a beta endpoint, e.g. `/beta/chat/completions`): the case sends its requests there. Omitted: the default path.
   */
  path?: string;
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ErrorExpectation".
 */
export interface ErrorExpectation {
  status?: StatusPattern;
  /**
   * The `param` the envelope must name; null when it must be null. Omitted: not checked.
   */
  param?: string | null;
  code?: string | null;
  type?: string;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ResponseRow".
 */
export interface ResponseRow {
  /**
   * populated: present and non-empty, of `type`; present: key present (value may be null if `type` allows); optional: may be absent, of `type` when present; empty: always absent, null, "", 0, [] or {}; absent: key never present (or null).
   */
  status: 'populated' | 'present' | 'optional' | 'empty' | 'absent';
  type?: JsonType | [JsonType, ...JsonType[]];
  const?: unknown;
  enum?: unknown[];
  /**
   * For arrays: the exact length (e.g. `choices` always 1).
   */
  length?: number;
  /**
   * An extra check on the value.
   */
  format?: 'unix-seconds' | 'duration' | 'uuid' | 'json';
  /**
   * Response paths whose numbers this number must equal the sum of, in the same answer (e.g. `usage.total_tokens` = `usage.prompt_tokens` + `usage.completion_tokens`). Judged only when every one of them is a number.
   *
   * @minItems 2
   */
  sumOf?: [string, string, ...string[]];
  /**
   * Models the row applies to (e.g. `reasoning_content` on reasoning models only); omitted: every model. For another model the case is skipped ("not for model X") and the emulator leaves the field as OpenAI has it.
   *
   * @minItems 1
   */
  models?: [string, ...string[]];
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "StreamRow".
 */
export interface StreamRow {
  /**
   * required/forbidden for framing rules; for `usage-chunk`: on-request (OpenAI), always, never, on-finish-chunk.
   */
  status: 'required' | 'forbidden' | 'optional' | 'always' | 'on-request' | 'never' | 'on-finish-chunk';
  assert?: StreamAssertion;
  /**
   * Models the rule applies to; omitted: every model. For another model the case is skipped ("not for model X").
   *
   * @minItems 1
   */
  models?: [string, ...string[]];
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * A stream rule declared in YAML (its key need not be one of the built-in rules): a JSON path over the data chunks of the baseline stream, with `[]` for every array element (e.g. `choices[].delta.reasoning_content`), and what must hold of it. `required` passes when it holds and fails when it does not; `forbidden` the reverse; `optional` reports it.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "StreamAssertion".
 */
export interface StreamAssertion {
  path: string;
  /**
   * some: at least one chunk carries a non-null value there; every: every chunk that has the parent object does; none: no chunk does.
   */
  present: 'some' | 'every' | 'none';
  /**
   * Every non-null value found there has this JSON type.
   */
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ResponsesRow".
 */
export interface ResponsesRow {
  /**
   * required: the behaviour holds; optional: reported, cannot fail; unsupported: the feature (a request field) is refused with a 4xx or not honoured.
   */
  status: 'required' | 'optional' | 'unsupported';
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ErrorRow".
 */
export interface ErrorRow {
  status: StatusPattern;
  param?: string | null;
  code?: string | null;
  type?: string;
  /**
   * openai: {error:{message,type,param,code}} with all four keys. any: only the status is declared. Omitted: the profile's `errorEnvelope.shape` applies.
   */
  envelope?: 'openai' | 'any';
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ErrorEnvelope".
 */
export interface ErrorEnvelope {
  /**
   * openai: all four keys; approximate: the provider documents only 'approximately the same' (message and type required).
   */
  shape?: 'openai' | 'approximate';
  /**
   * Extra keys inside `error` the provider adds (e.g. FlexAI's `doc_url`), with a JSON Schema for each.
   */
  extensions?: {
    [k: string]: {};
  };
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "HeaderRow".
 */
export interface HeaderRow {
  /**
   * Response headers: present / optional / absent. Request headers: tolerated (accepted when sent) / ignored (accepted, no effect).
   */
  status: 'present' | 'optional' | 'absent' | 'tolerated' | 'ignored';
  direction?: 'response' | 'request';
  format?: 'integer' | 'duration' | 'request-id' | 'seconds' | 'media-type';
  /**
   * Different on every response.
   */
  unique?: boolean;
  /**
   * Where it applies: `success`, `error`, `429`, `stream`.
   */
  on?: string[];
  value?: string;
  /**
   * Response headers: other headers (a trailing * is a prefix, e.g. `x-ratelimit-*`) that can stand in for this one. On every answer `on:` names, this header or one of these must be present, whatever the status (e.g. a 429 a client cannot back off from carries neither Retry-After nor x-ratelimit-*).
   *
   * @minItems 1
   */
  requiredUnless?: [string, ...string[]];
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "AuthRow".
 */
export interface AuthRow {
  status: 'supported' | 'refused' | 'ignored';
  /**
   * The chat-completions path this scheme works on, relative to the base URL (e.g. `/v1beta/chat/completions`); omitted: the default path.
   */
  path?: string;
  header?: string;
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "EndpointRow".
 */
export interface EndpointRow {
  status: 'supported' | 'unsupported' | 'partial';
  method?: 'GET' | 'POST' | 'DELETE';
  path?: string;
  streaming?: boolean;
  error?: ErrorExpectation;
  /**
   * Endpoint-specific declarations, e.g. `dimensions: 1024`, `encodingFormatNull: rejected`, `modelFields: [category]`.
   */
  options?: {};
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ExtensionRow".
 */
export interface ExtensionRow {
  /**
   * Which object carries the field.
   */
  in: 'response' | 'chunk' | 'error' | 'model';
  /**
   * present (default): every answer of the declared models carries it; optional: it may be absent, and matches the schema when present. Either way, models not in `models` must not carry it.
   */
  status?: 'present' | 'optional';
  /**
   * Models whose responses carry it; others must not.
   */
  models?: string[];
  /**
   * JSON Schema of the field's value.
   */
  schema: {};
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "PerformanceRow".
 */
export interface PerformanceRow {
  metric: 'ttft' | 'ttfb' | 'total';
  percentile: number;
  maxMs: number;
  model?: string;
  stream?: boolean;
  source: Source;
  seeAlso?: SeeAlso;
  covers?: Covers;
  note?: Note;
}
