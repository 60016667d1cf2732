/**
 * tools[].function.strict: a function declared with `strict: true` gets arguments that validate against its
 * `parameters` (FunctionObject.strict: "the model will follow the exact schema defined in the `parameters`
 * field"). The probe declares one strict function whose parameters have an enum, required properties and
 * `additionalProperties: false`, and forces it with a named tool_choice, so that a call is expected and its
 * arguments are the protocol signal. The arguments are parsed and validated with ajv against the parameters
 * that were sent. No control applies: the schema is the contract.
 *  - a call to the function whose arguments do not parse or do not validate → ignored (decisive): strict was
 *    not honoured (a fail where strict is declared supported, a pass where it is declared ignored);
 *  - every call's arguments validate → supported (decisive) where strict is declared honoured; where it is
 *    declared ignored, unobservable: a model shown a schema often follows it without strict, so valid
 *    arguments cannot contradict "ignored";
 *  - no call to the function → inconclusive: forcing a call is request.tool_choice.named's claim, not this
 *    one's; arguments cut off by the length limit → inconclusive too.
 * Where the profile declares `tools` itself not honoured (ignored, stripped, unsupported, rejected), or a named
 * tool_choice rejected, the case sends nothing and is a skip: there is no call for strict to shape (request.tools
 * and request.tool_choice.named report those). Where it declares the named tool_choice ignored or unsupported,
 * the request is sent (a call that comes is still judged), and no call is a skip, as declared.
 * Requests: one, with get_weather beside the strict function as a decoy; it is request.tool_choice.named's too
 * (strictForcing: the same request, shared), so the named choice is read from the same answer.
 */
import type { ValidateFunction } from 'ajv';
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { sendFields, type Body } from './send.js';
import { PROBE_TOOLS } from './values.js';
import { finishReason } from './signals.js';
import { parseJson } from './text.js';
import { compileProbeSchema } from './probe-schema.js';
import { fromSignals, protocol } from '../cases/evidence.js';

const ID = 'request.tools.strict';

/**
 * The probe's strict function: every property required (strict mode asks for it), one of them an enum. It is
 * get_time of the probe tools (values.ts), made strict, beside get_weather (not strict, a decoy): the forced
 * call is then also request.tool_choice.named's reading (the same request, shared: tool-choice.ts). Neither
 * function answers the baseline's prose prompt, so a model left on "auto" calls neither.
 */
const STRICT_TOOL = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Current local time for a city.',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'The name of the city.' },
        clock: { type: 'string', enum: ['12h', '24h'], description: 'How the time is written.' },
      },
      required: ['city', 'clock'],
      additionalProperties: false,
    },
  },
};
const DEFAULT_TOOLS = [PROBE_TOOLS[0], STRICT_TOOL];

/** Statuses under which a field is not passed on to the model (the probe's tools would never arrive). */
const NOT_HONOURED = new Set(['ignored', 'stripped', 'unsupported', 'rejected']);

interface StrictFunction {
  name: string;
  parameters: unknown;
}

/** The first function of a tools list declared strict (the row's `value:` may list its own tools). */
function strictFunctionOf(tools: unknown): StrictFunction | undefined {
  if (!Array.isArray(tools)) return undefined;
  for (const t of tools) {
    const fn = (t as { function?: { name?: unknown; strict?: unknown; parameters?: unknown } } | null)?.function;
    if (fn?.strict === true && typeof fn.name === 'string') return { name: fn.name, parameters: fn.parameters ?? { type: 'object', properties: {} } };
  }
  return undefined;
}

/** What the probe adds to the baseline: the tools (the row's value, or DEFAULT_TOOLS), forced to the strict function. */
function probeFields(row: FieldRow | undefined): { fields: Body; fn: StrictFunction } | undefined {
  const tools = row?.value !== undefined ? row.value : DEFAULT_TOOLS;
  const fn = strictFunctionOf(tools);
  if (!fn) return undefined;
  return { fields: { tools, tool_choice: { type: 'function', function: { name: fn.name } } }, fn };
}

/** One call's arguments read against the schema: undefined when they validate, else the first reason. */
function argumentsProblem(args: string, validate: ValidateFunction): { reason: string; errors: number } | undefined {
  const parsed = parseJson(args);
  if (!parsed.ok) return { reason: `arguments that are not JSON (${parsed.error})`, errors: 1 };
  if (validate(parsed.value)) return undefined;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`.trim());
  return { reason: `arguments that break its parameters (${errors[0] ?? 'invalid'})`, errors: errors.length || 1 };
}

/** Why the case sends nothing (a skip), or what it sends. */
function planFor(io: CaseIO, row: FieldRow | undefined): { skip: Observation } | { fields: Body; fn: StrictFunction } {
  const tools = io.profile.request?.tools;
  if (tools && NOT_HONOURED.has(tools.status)) {
    return {
      skip: {
        observed: 'not probed',
        evidence: { tools: tools.status },
        verdict: 'skip',
        note: `the profile declares tools ${tools.status}, so no tool call can come back for strict to shape (request.tools reports the tools)`,
      },
    };
  }
  // The forcing is what this case sends: a declared refusal of it would be tool_choice's, not strict's.
  const named = io.profile.request?.['tool_choice.named'];
  if (named?.status === 'rejected') {
    return {
      skip: {
        observed: 'not probed',
        evidence: { 'tool_choice.named': named.status },
        verdict: 'skip',
        note: 'the profile declares a named tool_choice rejected, so the strict function cannot be forced (request.tool_choice.named reports it)',
      },
    };
  }
  return (
    probeFields(row) ?? {
      skip: {
        observed: 'not probed',
        evidence: {},
        verdict: 'skip',
        note: "the row's `value:` declares no function with strict: true; list the tools to send, one of them strict",
      },
    }
  );
}

/**
 * The request this case sends with its default tools, for request.tool_choice.named to read (the forced
 * get_time, among two functions): undefined where the profile has no tools.strict row, declares it rejected
 * (the strict function would be refused with it), gives it its own tools, or this case would send nothing.
 */
export function strictForcing(io: CaseIO): Body | undefined {
  const row = io.profile.request?.['tools.strict'];
  if (!row || row.status === 'rejected' || row.value !== undefined) return undefined;
  const plan = planFor(io, row);
  return 'skip' in plan ? undefined : plan.fields;
}

async function observe(io: CaseIO, _key: string, row: FieldRow | undefined): Promise<Observation> {
  const plan = planFor(io, row);
  if ('skip' in plan) return plan.skip;
  const named = io.profile.request?.['tool_choice.named'];
  const compiled = compileProbeSchema(plan.fn.parameters, "the strict function's parameters");
  if ('observation' in compiled) return compiled.observation;
  const { validate } = compiled;
  const probe = await sendFields(io, plan.fields, ID);
  if (!probe.ok) return probe.observation;
  const choice = probe.view.choices[0];
  const calls = choice?.toolCalls ?? [];
  const mine = calls.filter((c) => c.name === plan.fn.name);
  const finish = finishReason(io.profile, choice) ?? null;
  const evidence: Record<string, unknown> = { function: plan.fn.name, tool_calls: calls.length, calls_to_function: mine.length, finish_reason: finish };
  if (!mine.length) {
    const got = calls.length ? `calls to ${calls.map((c) => c.name).join(', ')}` : 'no tool call';
    // Where the profile declares the forcing not honoured, no call is what it leads one to expect: nothing to judge.
    const unforced = named && NOT_HONOURED.has(named.status);
    return {
      observed: 'no call',
      evidence: { ...evidence, names: calls.map((c) => c.name) },
      verdict: unforced ? 'skip' : 'inconclusive',
      note: unforced
        ? `no call to ${plan.fn.name} came back (${got}), as the profile's tool_choice.named (${named.status}) leads one to expect: no arguments to validate`
        : `tool_choice named ${plan.fn.name}, but no call to it came back (${got}), so there are no arguments to validate (request.tool_choice.named then reads its own request, without strict)`,
    };
  }
  const problems = mine.map((c) => ({ args: c.arguments, problem: argumentsProblem(c.arguments, validate) }));
  const bad = problems.filter((p) => p.problem);
  const first = bad[0];
  const readings = problems.map((p) => (p.problem ? p.problem.reason : 'valid arguments'));
  const signals = [protocol(`choices[0].message.tool_calls[].function.arguments (calls to ${plan.fn.name}) against its strict parameters`, readings)];
  if (first?.problem) {
    const details = {
      ...evidence,
      schema_valid: false,
      schema_errors: first.problem.errors,
      first_error: first.problem.reason,
      arguments: first.args.slice(0, 80),
    };
    // Arguments cut off by the length limit break any schema: that is the limit's doing, not strict's.
    if (finish === 'length')
      return {
        observed: 'cut off',
        evidence: details,
        verdict: 'inconclusive',
        note: 'finish_reason "length": the arguments were cut off by the length limit, so they say nothing about strict',
      };
    return fromSignals({
      observed: 'ignored',
      evidence: details,
      signals,
      note: `the function is declared with strict: true, yet ${bad.length} of ${mine.length} call(s) to ${plan.fn.name} came back with ${first.problem.reason}`,
    });
  }
  const details = { ...evidence, schema_valid: true, arguments: mine[0]!.arguments.slice(0, 80) };
  // A declared rejection is contradicted by any 2xx (the judge says so); "ignored" is not contradicted by valid arguments.
  const declared = row?.status;
  if (declared && declared !== 'rejected' && NOT_HONOURED.has(declared)) {
    return {
      observed: 'accepted',
      evidence: details,
      note: `the arguments validate, but a model shown the schema often follows it without strict, so valid arguments cannot show strict ${declared}`,
    };
  }
  return fromSignals({
    observed: 'supported',
    evidence: details,
    signals,
    note: `${mine.length} call(s) to ${plan.fn.name}, with arguments valid for its strict parameters`,
  });
}

export const toolsStrictProbe: Probe = { keys: [ID], observe };
