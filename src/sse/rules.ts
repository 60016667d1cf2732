/**
 * The shape every stream rule returns, and the rule ids (they are the keys of a profile's `stream` table,
 * so they are spelled here once).
 */

export const FRAMING_RULES = [
  'content-type',
  'data-only-events',
  'done-sentinel',
  'nothing-after-done',
  'final-blank-line',
  'no-empty-events',
  'no-sse-fields',
  'no-double-data',
  'json-data',
  'incremental',
] as const;

export const SEQUENCE_RULES = [
  'chunk-object',
  'stable-id',
  'role-first-only',
  'finish-reason-null-until-end',
  'single-terminal-finish',
  'tool-call-index',
  'tool-call-distinct-indices',
  'tool-call-first-fragment',
  'tool-call-arguments-json',
  'usage-chunk',
  'usage-chunk-empty-choices',
  'in-band-error',
  'complete',
  'deltas-append',
] as const;

export type FramingRuleId = (typeof FRAMING_RULES)[number];
export type SequenceRuleId = (typeof SEQUENCE_RULES)[number];
export type StreamRuleId = FramingRuleId | SequenceRuleId;

export type Evidence = Record<string, string | number | boolean | null | undefined | readonly unknown[] | object>;

export interface RuleResult<Id extends string = StreamRuleId> {
  rule: Id;
  /** False only when the stream broke the rule. A rule that could not be judged is ok with `skipped`. */
  ok: boolean;
  /** Names the problem and quotes the offending bytes (JSON-escaped, truncated); on a pass, says what was seen. */
  message: string;
  /** Numbers and short strings behind the verdict. */
  evidence: Evidence;
  /** Set when the stream gave nothing to judge (no tool calls, too little content, no [DONE]...). */
  skipped?: boolean;
  /**
   * Set when only heuristic evidence (accounting, content) says the rule is broken: `ok` stays true (nothing
   * decisive broke it) and the case reports it as inconclusive with the numbers, never as a failure.
   */
  suspect?: boolean;
}

export function pass<Id extends string>(rule: Id, message: string, evidence: Evidence = {}): RuleResult<Id> {
  return { rule, ok: true, message, evidence };
}

export function fail<Id extends string>(rule: Id, message: string, evidence: Evidence = {}): RuleResult<Id> {
  return { rule, ok: false, message, evidence };
}

export function suspect<Id extends string>(rule: Id, message: string, evidence: Evidence = {}): RuleResult<Id> {
  return { rule, ok: true, suspect: true, message, evidence };
}

export function skip<Id extends string>(rule: Id, message: string, evidence: Evidence = {}): RuleResult<Id> {
  return { rule, ok: true, skipped: true, message, evidence };
}
