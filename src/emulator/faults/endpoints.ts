/**
 * Faults for the operations beside chat completions (endpoint.*) and for provider extensions
 * (extension.*): a models list clients cannot use, embeddings that ignore base64 or the documented
 * dimensions, legacy streams with chat's chunk object, a Responses answer without output_text, a 500
 * for an operation the provider does not offer, and extensions on the wrong models or in the wrong shape.
 */
import type { Fault } from './types.js';
import { routeOf } from '../../checks/endpoints/operations.js';
import { handleEmbeddings } from '../endpoints/embeddings.js';
import { decodeBase64Floats } from '../../checks/endpoints/embeddings.js';
import { instanceOf, prng, hash32 } from '../generator.js';

type Obj = Record<string, unknown>;

const dataOf = (o: Obj) => (Array.isArray(o.data) ? (o.data as Obj[]) : []);

export const endpointFaults: Fault[] = [
  {
    id: 'models-without-owned-by',
    description: 'models in GET /models (and GET /models/{model}) have no owned_by',
    catches: ['endpoint.models', 'endpoint.model-retrieve'],
    evidence: 'wire-format.md 6.1: Model requires id, object, created and owned_by',
    operation(what, answer) {
      if (what === 'models') for (const m of dataOf(answer)) delete m.owned_by;
      if (what === 'model-retrieve') delete answer.owned_by;
    },
  },
  {
    id: 'embeddings-ignore-base64',
    description: 'embeddings answer float arrays when encoding_format "base64" is asked for',
    catches: ['endpoint.embeddings.base64'],
    evidence: 'wire-format.md 6.2: the Node SDK decodes base64 without checking the type, so float arrays become garbage vectors',
    operation(what, answer) {
      if (what !== 'embeddings') return;
      for (const e of dataOf(answer)) if (typeof e.embedding === 'string') e.embedding = decodeBase64Floats(e.embedding);
    },
  },
  {
    id: 'embeddings-wrong-dimensions',
    description: 'embeddings with 768 values where the provider documents 1024 dimensions',
    catches: ['endpoint.embeddings'],
    profile: 'flexai',
    evidence: 'flexai-openai-compatibility.txt: "bge-m3 (multilingual, 1024-dim, 8K context)"',
    operation(what, answer) {
      if (what !== 'embeddings') return;
      for (const e of dataOf(answer)) {
        if (Array.isArray(e.embedding)) e.embedding = e.embedding.slice(0, 768);
        // The base64 form is cut the same way, so only the dimension check sees it.
        else if (typeof e.embedding === 'string')
          e.embedding = Buffer.from(e.embedding, 'base64')
            .subarray(0, 768 * 4)
            .toString('base64');
      }
    },
  },
  {
    id: 'null-encoding-format-accepted',
    description: 'an explicit encoding_format null is accepted where the provider documents it as refused',
    catches: ['endpoint.embeddings.encoding-format-null'],
    profile: 'flexai',
    evidence: 'flexai-openai-compatibility.txt: "don\'t send an explicit null"; wire-format.md 6.2',
    error(reply, ctx) {
      const body = ctx.body as Obj | undefined;
      const row = ctx.profile.endpoints?.embeddings;
      if (!row || ctx.route !== routeOf('embeddings', row)?.path || body?.encoding_format !== null) return reply;
      const r = handleEmbeddings(ctx.profile, { ...row, options: { ...(row.options ?? {}), encodingFormatNull: 'accepted' } }, body);
      return 'ok' in r ? { status: 200, headers: reply.headers, body: r.ok } : reply;
    },
  },
  {
    id: 'completion-chunk-object',
    description: 'streamed legacy completions send object "completion.chunk" instead of "text_completion"',
    catches: ['endpoint.completions.stream'],
    evidence: 'wire-format.md 6.3: streamed and non-streamed legacy objects share one shape (a Together recording shows completion.chunk)',
    operation(what, answer) {
      if (what === 'completions.chunk') answer.object = 'completion.chunk';
    },
  },
  {
    id: 'responses-without-output-text',
    description: 'a Responses answer whose message content is a chat-style "text" part, not output_text',
    // The responses area reads the same answers: the part type, and the JSON formats' text it hides.
    catches: ['endpoint.responses', 'responses.output-items', 'responses.text-format-json-object', 'responses.text-format-json-schema'],
    profile: 'parasail-bifrost',
    evidence: 'parasail-via-bifrost.md: Responses API converted from chat completions (ChatCompletion → ResponsesResponse)',
    operation(what, answer) {
      if (what !== 'responses') return;
      for (const item of Array.isArray(answer.output) ? (answer.output as Obj[]) : []) {
        for (const part of Array.isArray(item.content) ? (item.content as Obj[]) : []) if (part.type === 'output_text') part.type = 'text';
      }
    },
  },
  {
    id: 'unsupported-endpoint-500',
    description: 'operations the provider does not offer answer 500 instead of a 4xx refusal (clients retry them)',
    catches: [
      'endpoint.completions',
      'endpoint.embeddings',
      'endpoint.images',
      'endpoint.speech',
      'endpoint.transcriptions',
      'endpoint.files',
      'endpoint.batches',
    ],
    profile: 'parasail-bifrost',
    evidence: 'parasail-via-bifrost.md: unsupported operations return UnsupportedOperationError; wire-format.md 4.4: 5xx is retried',
    error(reply, ctx) {
      const unsupported = Object.entries(ctx.profile.endpoints ?? {})
        .filter(([, r]) => r.status === 'unsupported')
        .map(([id, r]) => routeOf(id, r)?.path);
      if (!unsupported.includes(ctx.route)) return reply;
      return { status: 500, headers: reply.headers, body: { error: { message: 'Internal server error', type: 'server_error', param: null, code: null } } };
    },
  },
  {
    id: 'basis-on-speed',
    description: "Parallel's basis on the speed model, which documents none",
    catches: ['extension.basis'],
    profile: 'parallel',
    evidence: 'parallel-chat-api.md: basis is "Supported with task processors (lite, base, core)"; speed: "Basis Support: No"',
    completion(c, ctx) {
      const ext = ctx.profile.extensions?.basis;
      if (ext && !('basis' in c)) c.basis = instanceOf(ext.schema, prng(hash32('basis-on-speed')));
    },
  },
  {
    id: 'basis-wrong-shape',
    description: "Parallel's basis with a confidence outside high|medium|low and citations as bare URLs",
    catches: ['extension.basis'],
    profile: 'parallel',
    evidence: 'wire-format.md 7.1: FieldBasis {field, citations: Citation[], reasoning, confidence}',
    completion(c) {
      if (!Array.isArray(c.basis)) return;
      for (const b of c.basis as Obj[]) {
        b.confidence = 'very high';
        b.citations = ['https://example.com/a'];
      }
    },
  },
  {
    id: 'doc-url-not-a-string',
    description: "FlexAI's doc_url comes as an object, not the string its schema declares",
    catches: ['extension.doc_url'],
    profile: 'flexai',
    evidence: 'flexai-openai-compatibility.txt: "doc_url extension so your first failure points you at the dashboard"',
    error(reply) {
      const e = (reply.body as { error?: Obj } | undefined)?.error;
      if (e && 'doc_url' in e) e.doc_url = { href: e.doc_url };
      return reply;
    },
  },
];
