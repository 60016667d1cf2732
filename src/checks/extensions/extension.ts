/**
 * How a provider extension is verified (`extension.<name>`): a field OpenAI does not have, declared with a
 * JSON Schema that ajv checks (compileForeignSchema), carried by one kind of object (`in`):
 * - `response`: the top level of a non-streamed chat completion. A row that names `models` is observed
 *   with ONE request per model the profile lists (the model under test reuses the shared baseline), because
 *   "present only on these models" can only be seen by asking each model;
 * - `chunk`: the top level of the chunks of the shared streamed baseline (the model under test only);
 * - `error`: inside `error` of two shared error answers, an auth failure and a validation failure (the
 *   requests error.bad-api-key and error.missing-messages send);
 * - `model`: each Model of the shared GET /models list (no request of its own).
 * `status: present` (default): every answer of a declared model carries it; `optional`: it may be absent;
 * either way a model outside `models` must not carry it.
 */
import type { ExtensionRow, Profile } from '../../spec/profile.types.js';
import type { CaseIO, Judgement, Observation } from '../../cases/types.js';
import type { Exchange } from '../../transport/types.js';
import { pass, fail, inconclusive } from '../../cases/verdicts.js';
import { bodyJson } from '../../transport/http.js';
import { compileForeignSchema } from '../../spec/ajv.js';
import { readSse, extractChunks } from '../../sse/index.js';
import { preview } from '../json-path.js';
import { protocol } from '../../cases/evidence.js';
import { findBadRequest } from '../errors/catalogue.js';
import { resolveOperation } from '../endpoints/operations.js';

/** One object that was looked at: which model or answer it is, and what it carried. */
interface Unit {
  label: string;
  /** The model it belongs to, when known: decides whether it must (or must not) carry the field. */
  model?: string;
  present: boolean;
  value?: unknown;
}

interface ExtensionFacts {
  units: Unit[];
  /** Answers that could not be read, with why (`lite: answered 504`). */
  unread: string[];
  /** Models the profile says carry it (undefined: every model). */
  carriers?: string[];
}

/** The models that carry the extension: the row's `models` plus any model row listing it; undefined means all. */
function carriersOf(profile: Profile, name: string, row: ExtensionRow): string[] | undefined {
  const byModelRow = Object.entries(profile.models ?? {})
    .filter(([, m]) => m.extensions?.includes(name))
    .map(([id]) => id);
  if (!row.models && !byModelRow.length) return undefined;
  return [...new Set([...(row.models ?? []), ...byModelRow])];
}

export function describeExtensionRow(row: ExtensionRow): string {
  return `${row.status ?? 'present'} in ${row.in}${row.models ? ` on ${row.models.join(', ')} only` : ''}, JSON Schema`;
}

const why = (ex: Exchange) => (ex.response ? `answered ${ex.response.status}` : `no answer (${ex.error?.kind})`);
const ok = (ex: Exchange) => ex.response !== undefined && ex.response.status >= 200 && ex.response.status < 300;
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const unitOf = (label: string, obj: Record<string, unknown>, name: string, model?: string): Unit => ({
  label,
  model,
  present: name in obj && obj[name] !== null,
  value: obj[name],
});

async function responseUnits(io: CaseIO, name: string, carriers: string[] | undefined, facts: ExtensionFacts): Promise<void> {
  // Every listed model when presence depends on the model, else the model under test alone.
  const listed = Object.keys(io.profile.models ?? {});
  const models = carriers ? [...new Set([io.model, ...listed])] : [io.model];
  const answers = await Promise.all(
    models.map((m) =>
      m === io.model
        ? io.baseline(false)
        : io.send({ method: 'POST', path: io.chatPath, json: { ...io.baselineBody(false), model: m }, purpose: `extension.${name} (${m})` }),
    ),
  );
  answers.forEach((ex, i) => {
    const json = bodyJson(ex);
    if (ok(ex) && isObj(json)) facts.units.push(unitOf(models[i], json, name, models[i]));
    else facts.unread.push(`${models[i]}: ${ok(ex) ? 'not a JSON object' : why(ex)}`);
  });
}

async function chunkUnits(io: CaseIO, name: string, facts: ExtensionFacts): Promise<void> {
  const ex = await io.baseline(true);
  if (!ok(ex) || !ex.response) return void facts.unread.push(`stream: ${why(ex)}`);
  const chunks = extractChunks(readSse(ex.response.reads))
    .chunks.map((c) => c.json)
    .filter(isObj);
  // The field may ride on one chunk only (the first, or the last): present when any chunk has it.
  const carrying = chunks.filter((c) => name in c && c[name] !== null);
  facts.units.push({ label: `stream of ${io.model} (${chunks.length} chunks)`, model: io.model, present: carrying.length > 0, value: carrying[0]?.[name] });
}

async function errorUnits(io: CaseIO, facts: ExtensionFacts, name: string): Promise<void> {
  for (const id of ['bad-api-key', 'missing-messages']) {
    const ex = await io.send(findBadRequest(id)!.build(io));
    const e = (bodyJson(ex) as { error?: unknown } | undefined)?.error;
    // A 429 is the rate limiter's answer, not the API's error: not a sample of it.
    if (ex.response?.status === 429) facts.unread.push(`${id}: rate-limited (429)`);
    else if (ex.response && ex.response.status >= 400 && isObj(e)) facts.units.push(unitOf(`the ${id} error`, e, name));
    else facts.unread.push(`${id}: ${ex.response ? `${ex.response.status} without an error object` : why(ex)}`);
  }
}

async function modelUnits(io: CaseIO, name: string, facts: ExtensionFacts): Promise<void> {
  const op = resolveOperation('models', io.profile.endpoints?.models ?? {}, io.model)!;
  // The same request as endpoint.models: shared, not sent twice.
  const ex = await io.send({ method: op.method, path: op.path, purpose: 'endpoint.models' });
  const data = (bodyJson(ex) as { data?: unknown } | undefined)?.data;
  if (!ok(ex) || !Array.isArray(data)) return void facts.unread.push(`GET ${op.path}: ${ok(ex) ? 'no data array' : why(ex)}`);
  data
    .filter(isObj)
    .forEach((m, i) => facts.units.push(unitOf(typeof m.id === 'string' ? m.id : `data[${i}]`, m, name, typeof m.id === 'string' ? m.id : undefined)));
}

export async function observeExtension(io: CaseIO, name: string, row: ExtensionRow): Promise<Observation> {
  const carriers = carriersOf(io.profile, name, row);
  const facts: ExtensionFacts = { units: [], unread: [], carriers };
  if (row.in === 'response') await responseUnits(io, name, carriers, facts);
  else if (row.in === 'chunk') await chunkUnits(io, name, facts);
  else if (row.in === 'error') await errorUnits(io, facts, name);
  else await modelUnits(io, name, facts);
  const on = facts.units.filter((u) => u.present).map((u) => u.label);
  const evidence: Record<string, unknown> = Object.fromEntries(facts.units.slice(0, 8).map((u) => [u.label, u.present ? preview(u.value, 80) : 'absent']));
  if (facts.unread.length) evidence.unread = facts.unread;
  if (row.in === 'response' && carriers)
    evidence.requests = `one request per model (${facts.units.length + facts.unread.length}): presence depends on the model`;
  return {
    observed: !facts.units.length ? 'not observed' : on.length ? `present on ${on.length === facts.units.length ? 'all' : on.join(', ')}` : 'absent',
    // The field as read on each answer that could carry it (none read: unobservable).
    signals: facts.units.map((u) => protocol(`${name} on ${u.label}`, u.present ? preview(u.value, 80) : 'absent')),
    evidence,
    facts: facts as unknown as Record<string, unknown>,
  };
}

export function judgeExtension(name: string, row: ExtensionRow): (obs: Observation) => Judgement {
  const validate = compileForeignSchema(row.schema);
  return (obs) => {
    const f = obs.facts as unknown as ExtensionFacts;
    const problems: string[] = [];
    for (const u of f.units) {
      const carries = !f.carriers || (u.model !== undefined && f.carriers.includes(u.model));
      if (!carries && u.present) problems.push(`${name} is present on ${u.label}, declared only on ${f.carriers!.join(', ')}`);
      else if (carries && !u.present && (row.status ?? 'present') === 'present') problems.push(`${name} is missing on ${u.label}`);
      else if (carries && u.present && !validate(u.value)) {
        const e = validate.errors?.[0];
        problems.push(`${name} on ${u.label} does not match its schema: ${e?.instancePath || '(root)'} ${e?.message} (${preview(u.value, 60)})`);
      }
    }
    const unread = f.unread.length ? ` (not observed: ${f.unread.join('; ')})` : '';
    if (problems.length) return fail(problems.slice(0, 4).join('; ') + unread);
    if (!f.units.length) return inconclusive(`nothing to read ${name} from${unread}`);
    return pass(`${obs.observed}, as declared (${describeExtensionRow(row)})${unread}`);
  };
}
