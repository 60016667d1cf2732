/**
 * Routes beside chat completions: every operation of the profile's `endpoints` rows, on the route the
 * operations table gives it (the same table the checks use). A supported (or partial) operation is
 * served (src/emulator/endpoints/); an unsupported one is refused with the profile's error envelope and
 * the row's declared `error` (status 400 and code `unsupported_operation` otherwise). A route no row
 * names is left to the caller (unknown route). Returns true when it answered the request.
 */
import type { EndpointRow } from '../spec/profile.types.js';
import type { RequestContext } from './context.js';
import { routeOf } from '../checks/endpoints/operations.js';
import { modelList, modelObject } from './endpoints/models.js';
import { handleEmbeddings, type OperationResult } from './endpoints/embeddings.js';
import { handleCompletions, type StreamingResult } from './endpoints/over-chat.js';
import { writeSse } from './sse-write.js';

type Obj = Record<string, unknown>;

/** A path segment decoded; a malformed escape (`%E0%A4%A`) is kept as sent, an unknown model, not a thrown URIError. */
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The operation a request is for: the row whose route matches (`{model}` matches one path segment). */
function match(ctx: RequestContext): { id: string; row: EndpointRow; params: Record<string, string> } | undefined {
  for (const [id, row] of Object.entries(ctx.opts.profile.endpoints ?? {})) {
    const r = routeOf(id, row);
    if (!r || r.method !== ctx.req.method) continue;
    const names: string[] = [];
    const re = new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, n: string) => (names.push(n), '([^/]+)'))}$`);
    const m = re.exec(ctx.route);
    if (m) return { id, row, params: Object.fromEntries(names.map((n, i) => [n, decodeSegment(m[i + 1])])) };
  }
  return undefined;
}

const POST_HANDLERS: Record<string, (ctx: RequestContext, row: EndpointRow, body: Obj) => OperationResult | StreamingResult> = {
  embeddings: (ctx, row, body) => handleEmbeddings(ctx.opts.profile, row, body),
  completions: (ctx, row, body) => handleCompletions(ctx.opts.profile, row, body),
};

export async function extraRoutes(ctx: RequestContext, readJsonBody: (ctx: RequestContext) => Promise<unknown>): Promise<boolean> {
  const { profile } = ctx.opts;
  const hit = match(ctx);
  if (!hit) return false;
  const { id, row, params } = hit;
  const fault = ctx.fault;
  const ok = (what: string, answer: Obj) => {
    fault?.operation?.(what, answer, ctx.fctx);
    ctx.sendJson(200, answer);
  };

  if (row.status === 'unsupported') {
    if (ctx.req.method === 'POST') {
      const body = await readJsonBody(ctx);
      if (typeof body === 'symbol') return true;
    }
    const e = row.error ?? {};
    ctx.sendError(`endpoint.${id}`, {
      status: typeof e.status === 'number' ? e.status : 400,
      param: e.param ?? null,
      code: e.code === undefined ? 'unsupported_operation' : e.code,
      message: `The ${id} operation is not supported by this provider.`,
    });
    return true;
  }

  if (id === 'models') return (ok('models', modelList(profile)), true);
  if (id === 'model-retrieve') {
    const model = params.model ?? '';
    const known = modelList(profile).data.some((m) => m.id === model);
    if (!known) ctx.sendError('unknown-model', { status: 404, code: 'model_not_found', message: `The model '${model}' does not exist` });
    else ok('model-retrieve', modelObject(profile, model));
    return true;
  }
  const handler = POST_HANDLERS[id];
  if (!handler && ctx.req.method !== 'POST') return (ok(id, { object: id, data: [] }), true);
  const body = await readJsonBody(ctx);
  if (typeof body === 'symbol') return true;
  if (!handler) {
    // An operation the emulator has no model of (a provider's own, e.g. rerank): the generic 2xx JSON object
    // that is all its case asserts, so a profile that declares it passes against its own emulator.
    return (ok(id, { object: id, data: [] }), true);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    ctx.sendError('non-object-body', { status: 400, message: 'The request body must be a JSON object.' });
    return true;
  }
  ctx.fctx.body = body;
  const result = handler(ctx, row, body as Obj);
  if ('error' in result) {
    const { caseId, ...fallback } = result.error;
    ctx.sendError(caseId, fallback);
    return true;
  }
  const events = (result as StreamingResult).events;
  if (!events) return (ok(id, result.ok), true);
  // Only the legacy completions stream here (the Responses API has its own routes): `[DONE]` as chat ends.
  await writeSse(
    ctx,
    events.map((e) => e.data),
    { what: 'completions.chunk', nameOf: (_d, i) => events[i]?.event, end: 'data: [DONE]\n\n' },
  );
  return true;
}
