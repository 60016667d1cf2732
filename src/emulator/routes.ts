/**
 * Routes beside chat completions and /models (embeddings, legacy completions, responses, and the
 * operations a profile declares unsupported). Returns true when it answered the request.
 */
import type { RequestContext } from './server.js';

export async function extraRoutes(ctx: RequestContext, readJsonBody: (ctx: RequestContext) => Promise<unknown>): Promise<boolean> {
  const { profile } = ctx.opts;
  for (const [id, row] of Object.entries(profile.endpoints ?? {})) {
    if (!row.path || ctx.route !== row.path) continue;
    if (row.status === 'unsupported') {
      await readJsonBody(ctx).catch(() => undefined);
      if (ctx.res.headersSent) return true;
      const e = row.error ?? {};
      ctx.sendError(`endpoint.${id}`, {
        status: typeof e.status === 'number' ? e.status : 400,
        code: e.code ?? 'unsupported_operation',
        message: `The ${id} operation is not supported by this provider.`,
      });
      return true;
    }
  }
  return false;
}
