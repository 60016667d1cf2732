/**
 * How an endpoint row is observed and judged (moved here from src/cases/endpoints.ts so the registry can name
 * it): the main case sends the operation's minimal request whatever the row says, so the same observation is
 * judged against a row that declares it unsupported (refused with an envelope) or supported (its shape); the
 * variants of a supported row (base64 embeddings, an explicit null encoding_format, streaming) each send one
 * more request. Which shape and which variants apply to which operation is the registry's
 * (src/checks/registry/endpoints.ts).
 */
import type { EndpointRow, Profile } from '../../spec/profile.types.js';
import type { CaseIO, Judgement, Observation } from '../../cases/types.js';
import { pass, fail, skip, inconclusive } from '../../cases/verdicts.js';
import type { RowCheck } from '../registry/types.js';
import { option, resolveOperation } from './operations.js';
import { endpointObservation, judgeEndpoint, describeEndpointRow, readAnswer, type EndpointFacts } from './answer.js';
import { embeddingFloatProblems, embeddingBase64Problems } from './embeddings.js';
import { streamObservation, streamBasics, type StreamFacts } from './stream.js';
import { judgeError } from '../errors/envelope.js';

/** The problems an operation's answer shows against its documented shape (none: a 2xx JSON object is all that is asserted). */
export type Shape = (f: EndpointFacts, row: EndpointRow) => string[];

/** The model an operation is probed with: the row's `options.model` (an embedding model, say), else the model under test. */
const modelFor = (io: CaseIO, row: EndpointRow) => option(row, 'model', 'string') ?? io.model;

/** The operation's request with `extra` body fields; undefined when the row names no path and the operation is unknown. */
function request(io: CaseIO, id: string, row: EndpointRow, extra: Record<string, unknown> = {}) {
  const op = resolveOperation(id, row, modelFor(io, row));
  if (!op) return undefined;
  const body = op.body ? { ...op.body, ...extra } : undefined;
  const what = `${op.method} ${op.path}${body && Object.keys(extra).length ? ` with ${JSON.stringify(extra)}` : ''}`;
  return { what, req: { method: op.method, path: op.path, ...(body ? { json: body } : {}), purpose: `endpoint.${id}` } as const };
}

const noPath = (id: string): Observation => ({
  observed: 'not probed',
  evidence: {},
  verdict: 'skip',
  note: `no path is known for the "${id}" operation: add \`path:\` (and \`method:\`) to the row`,
});

/** Whether a request can be built for the row: a known operation, or a row that names its path. */
export function hasOperation(id: string, row: EndpointRow): boolean {
  return resolveOperation(id, row, 'model') !== undefined;
}

/** The main case of an endpoint row: the operation answered as declared (`shape` reads the target's profile). */
export function mainCheck(shape: (target: Profile) => Shape): RowCheck<EndpointRow> {
  return {
    describe: describeEndpointRow,
    observe: async (io, id, row) => {
      const r = request(io, id, row);
      if (!r) return noPath(id);
      return endpointObservation(await io.send(r.req), r.what, { extra: { model: modelFor(io, row) } });
    },
    judge: (obs, row, _id, against, target) => judgeEndpoint(against, shape(target))(obs, row),
  };
}

/** `endpoint.embeddings.base64`: base64 strings that decode to the float vectors of the main case's answer. */
export const base64Check: RowCheck<EndpointRow> = {
  describe: () => 'base64 strings that decode to the float vectors (little-endian float32)',
  observe: async (io, id, row) => {
    const b64 = request(io, id, row, { encoding_format: 'base64' });
    const float = request(io, id, row);
    if (!b64 || !float) return noPath(id);
    // The float answer is the main case's request: shared, not sent twice.
    const [b, fl] = await Promise.all([io.send(b64.req), io.send(float.req)]);
    return endpointObservation(b, b64.what, { more: { float: readAnswer(fl) } });
  },
  judge: (obs, r, _id, rules) => judgeEndpoint(rules, embeddingBase64Problems)(obs, r),
};

/** `endpoint.embeddings.encoding-format-null`: an explicit null encoding_format, accepted or rejected as the row's option says. */
export const nullFormatCheck: RowCheck<EndpointRow> = {
  describe: (r) => `encoding_format null ${option(r, 'encodingFormatNull', 'string') ?? 'not declared'}`,
  observe: async (io, id, row) => {
    const r = request(io, id, row, { encoding_format: null });
    const float = request(io, id, row);
    if (!r || !float) return noPath(id);
    const [ex, fl] = await Promise.all([io.send(r.req), io.send(float.req)]);
    return endpointObservation(ex, r.what, { more: { float: readAnswer(fl) } });
  },
  judge: (obs, r, _id, rules): Judgement => {
    const rule = option(r, 'encodingFormatNull', 'string');
    const f = obs.facts as unknown as EndpointFacts;
    const without = f.more?.float?.status;
    // A refusal of null proves something only if the same request without encoding_format is accepted.
    if (without === undefined || without < 200 || without >= 300)
      return inconclusive(
        `the same request without encoding_format is not accepted either (${without ?? f.more?.float?.transport}): the answer to null says nothing about null`,
      );
    if (rule === 'rejected') {
      const j = judgeError(f.error, { status: '4xx', source: r.source }, rules);
      return j.verdict === 'pass'
        ? pass(`refused: ${f.error.observed}, as declared`)
        : fail(`${j.message} (an explicit null encoding_format is declared rejected)`);
    }
    if (rule === 'accepted') return judgeEndpoint(rules, embeddingFloatProblems)(obs, r);
    return skip('the row declares no rule for an explicit null encoding_format');
  },
};

/** `endpoint.<id>.stream`: the operation streamed, every event well formed (and the operation's own stream problems). */
export function streamCheck(problems: (s: StreamFacts) => string[]): RowCheck<EndpointRow> {
  return {
    describe: () => 'streamed, every event well formed',
    observe: async (io, id, row) => {
      const r = request(io, id, row, { stream: true });
      if (!r) return noPath(id);
      return streamObservation(await io.send(r.req), r.what);
    },
    judge: (obs, r) => {
      const s = obs.facts as unknown as StreamFacts;
      const basics = streamBasics(s);
      if (r.status === 'partial' && s.answer.status !== undefined && s.answer.status >= 400 && s.answer.status < 500)
        return pass(`refused ${s.answer.status} (declared partial)`);
      const all = [...basics, ...(s.answer.status !== undefined && s.answer.status < 300 ? problems(s) : [])];
      return all.length ? fail(all.slice(0, 4).join('; ')) : pass(`${obs.observed}, well formed`);
    },
  };
}
