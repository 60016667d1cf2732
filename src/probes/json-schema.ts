/**
 * response_format json_schema: send the schema (the row's `value`, or the default strict schema of
 * values.ts) with the baseline's prose prompt, which never mentions JSON or the schema's keys, and
 * validate the first choice's content with ajv against the schema that was sent:
 *  - not JSON → ignored (decisive), unless finish_reason is "length" (cut off: inconclusive);
 *  - JSON and an instance of the schema → supported (decisive: a prose prompt does not produce the
 *    schema's required keys by chance);
 *  - JSON but not an instance → partial (the json_object fallback some providers document).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, notProbed } from './send.js';
import { firstContent } from './completion.js';
import { finishReason } from './signals.js';
import { cutOffJson, parseJson } from './text.js';
import { compileProbeSchema } from './probe-schema.js';
import { preview } from '../checks/json-path.js';
import { content, contractual, fromSignals } from '../cases/evidence.js';

function schemaOf(body: Record<string, unknown>): unknown {
  const rf = body.response_format as { json_schema?: { schema?: unknown } } | undefined;
  return rf?.json_schema?.schema;
}

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  if (!body) return notProbed(`request.${key}`);
  const probe = await sendChat(io, body, `request.${key}`);
  if (!probe.ok) return probe.observation;
  const text = firstContent(probe.view);
  const parsed = parseJson(text);
  const finish = finishReason(io.profile, probe.view.choices[0]) ?? null;
  if (!parsed.ok) {
    const evidence = { json: false, chars: text.length, finish_reason: finish, error: parsed.error, content: preview(text, 60) };
    if (finish === 'length') return cutOffJson(evidence);
    return fromSignals({ observed: 'ignored', evidence, signals: [instance('parses as JSON', false)], note: `content is not valid JSON (${parsed.error})` });
  }
  const schema = schemaOf(body);
  if (schema === undefined || schema === null || typeof schema !== 'object') {
    return fromSignals({
      observed: 'supported',
      evidence: { json: true, schema: false },
      // JSON alone is not the schema's contract: a hint, not a verdict.
      signals: [content('choices[0].message.content parses as JSON', true)],
      note: 'no schema was sent, so only JSON validity is checked',
    });
  }
  const compiled = compileProbeSchema(schema, 'the probe schema');
  if ('observation' in compiled) return compiled.observation;
  const { validate } = compiled;
  const valid = validate(parsed.value) as boolean;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  const evidence = { json: true, schema_valid: valid, schema_errors: errors.length, first_error: errors[0] ?? null };
  // No control applies: a prose prompt that never names the schema's keys does not produce an instance by chance.
  if (valid) return fromSignals({ observed: 'supported', evidence, signals: [instance('is an instance of the schema sent', true)] });
  return fromSignals({
    observed: 'partial',
    evidence,
    signals: [instance('is an instance of the schema sent', false)],
    note: `valid JSON, but not an instance of the schema sent (${errors.length} error(s): ${errors[0]})`,
  });
}

/** json_schema's contract is stated over the content: an instance of the schema that was sent. */
const instance = (what: string, value: boolean) =>
  contractual(`choices[0].message.content ${what}`, value, 'json_schema: the content is an instance of the schema sent');

export const jsonSchemaProbe: Probe = { keys: ['request.response_format.json_schema'], observe };
