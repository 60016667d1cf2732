/**
 * Cases for the operations beside chat completions, one per `endpoints` row (`endpoint.<id>`), plus
 * variants for supported rows that promise more: `endpoint.embeddings.base64`,
 * `endpoint.embeddings.encoding-format-null` (when `options.encodingFormatNull` is declared),
 * `endpoint.completions.stream` and `endpoint.responses.stream` (when `streaming: true`).
 * The main case sends the operation's minimal request whatever the row says, so the same observation
 * is judged against a row that declares it unsupported (refused with an envelope) or supported (its shape).
 */
import type { EndpointRow, Profile } from '../spec/profile.types.js';
import { rowCases } from './rows.js';
import type { CaseDef, CaseIO, Judgement, Observation } from './types.js';
import { pass, fail, skip, inconclusive } from './verdicts.js';
import { option, resolveOperation } from '../checks/endpoints/operations.js';
import { endpointObservation, judgeEndpoint, describeEndpointRow, readAnswer, type EndpointFacts } from '../checks/endpoints/answer.js';
import { modelListProblems, modelRetrieveProblems } from '../checks/endpoints/models.js';
import { embeddingFloatProblems, embeddingBase64Problems } from '../checks/endpoints/embeddings.js';
import { legacyCompletionProblems, legacyStreamProblems } from '../checks/endpoints/completions.js';
import { responsesProblems, responsesStreamProblems } from '../checks/endpoints/responses.js';
import { streamObservation, streamBasics, type StreamFacts } from '../checks/endpoints/stream.js';
import { judgeError } from '../checks/errors/envelope.js';

type Shape = (f: EndpointFacts, row: EndpointRow) => string[];

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
  confidence: 'unobservable',
  evidence: {},
  verdict: 'skip',
  note: `no path is known for the "${id}" operation: add \`path:\` (and \`method:\`) to the row`,
});

const SHAPES: Record<string, (profile: Profile) => Shape> = {
  models: () => modelListProblems,
  'model-retrieve': (p) => (f, row) => modelRetrieveProblems(f, row, p.endpoints?.models),
  embeddings: () => embeddingFloatProblems,
  completions: () => legacyCompletionProblems,
  responses: () => responsesProblems,
};

/** The main case of every endpoint row: the operation answered as declared. */
function mainCases(profile: Profile, reference: Profile): CaseDef<EndpointRow>[] {
  return rowCases(
    'endpoint',
    profile.endpoints,
    reference.endpoints,
    { profile, reference },
    {
      describe: describeEndpointRow,
      observe: async (io, id, row) => {
        const r = request(io, id, row);
        if (!r) return noPath(id);
        return endpointObservation(await io.send(r.req), r.what, { extra: { model: modelFor(io, row) } });
      },
      // An operation without a shape check of its own: a 2xx JSON object is all that is asserted.
      judge: (obs, row, id, against) => judgeEndpoint(against, (SHAPES[id] ?? (() => () => []))(profile))(obs, row),
    },
  );
}

/** A further case of a supported row; `judge` gets the profile whose envelope rules apply to the row it judges. */
function variant(
  profile: Profile,
  reference: Profile,
  id: string,
  name: string,
  row: EndpointRow,
  observe: CaseDef<EndpointRow>['observe'],
  judge: (obs: Observation, row: EndpointRow, rules: Profile) => Judgement,
  describe: string | ((row: EndpointRow) => string),
): CaseDef<EndpointRow> {
  return {
    id: `endpoint.${id}.${name}`,
    area: 'endpoint',
    subject: `${id}.${name}`,
    row,
    referenceRow: reference.endpoints?.[id],
    source: row.source,
    describe: typeof describe === 'string' ? () => describe : describe,
    observe,
    judge: (obs, r) => judge(obs, r, r === row ? profile : reference),
  };
}

function embeddingVariants(profile: Profile, reference: Profile, row: EndpointRow): CaseDef<EndpointRow>[] {
  const out: CaseDef<EndpointRow>[] = [
    variant(
      profile,
      reference,
      'embeddings',
      'base64',
      row,
      async (io) => {
        const b64 = request(io, 'embeddings', row, { encoding_format: 'base64' });
        const float = request(io, 'embeddings', row);
        if (!b64 || !float) return noPath('embeddings');
        // The float answer is the main case's request: shared, not sent twice.
        const [b, fl] = await Promise.all([io.send(b64.req), io.send(float.req)]);
        return endpointObservation(b, b64.what, { more: { float: readAnswer(fl) } });
      },
      (obs, r, rules) => judgeEndpoint(rules, embeddingBase64Problems)(obs, r),
      'base64 strings that decode to the float vectors (little-endian float32)',
    ),
  ];
  const nullRule = option(row, 'encodingFormatNull', 'string');
  if (nullRule === 'rejected' || nullRule === 'accepted') {
    out.push(
      variant(
        profile,
        reference,
        'embeddings',
        'encoding-format-null',
        row,
        async (io) => {
          const r = request(io, 'embeddings', row, { encoding_format: null });
          const float = request(io, 'embeddings', row);
          if (!r || !float) return noPath('embeddings');
          const [ex, fl] = await Promise.all([io.send(r.req), io.send(float.req)]);
          return endpointObservation(ex, r.what, { more: { float: readAnswer(fl) } });
        },
        (obs, r, rules) => {
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
        (r) => `encoding_format null ${option(r, 'encodingFormatNull', 'string') ?? 'not declared'}`,
      ),
    );
  }
  return out;
}

function streamVariant(profile: Profile, reference: Profile, id: string, row: EndpointRow, problems: (s: StreamFacts) => string[]): CaseDef<EndpointRow> {
  return variant(
    profile,
    reference,
    id,
    'stream',
    row,
    async (io) => {
      const r = request(io, id, row, { stream: true });
      if (!r) return noPath(id);
      return streamObservation(await io.send(r.req), r.what);
    },
    (obs, r) => {
      const s = obs.facts as unknown as StreamFacts;
      const basics = streamBasics(s);
      if (r.status === 'partial' && s.answer.status !== undefined && s.answer.status >= 400 && s.answer.status < 500)
        return pass(`refused ${s.answer.status} (declared partial)`);
      const all = [...basics, ...(s.answer.status !== undefined && s.answer.status < 300 ? problems(s) : [])];
      return all.length ? fail(all.slice(0, 4).join('; ')) : pass(`${obs.observed}, well formed`);
    },
    'streamed, every event well formed',
  );
}

export function endpointCases(profile: Profile, reference: Profile): CaseDef<EndpointRow>[] {
  const out = mainCases(profile, reference);
  for (const [id, row] of Object.entries(profile.endpoints ?? {})) {
    if (row.status === 'unsupported') continue;
    if (id === 'embeddings') out.push(...embeddingVariants(profile, reference, row));
    if (id === 'completions' && row.streaming) out.push(streamVariant(profile, reference, id, row, legacyStreamProblems));
    if (id === 'responses' && row.streaming) out.push(streamVariant(profile, reference, id, row, responsesStreamProblems));
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
