/**
 * A rate-limited API as Node services build one: express with express-rate-limit (its own MemoryStore: a
 * fixed window per client from its first request), in front of a handler answering every request with a
 * small chat completion. Third-party code end to end: the 429s, their Retry-After and the room headers are
 * express-rate-limit's own, in the form the mode names:
 *   legacy   X-RateLimit-Limit / -Remaining / -Reset (epoch seconds), the library's default
 *   draft-6  RateLimit-Limit / -Remaining / -Reset (seconds), RateLimit-Policy
 *   draft-7  RateLimit: limit=N, remaining=N, reset=S
 *   draft-8  RateLimit: "name"; r=N; t=S
 *   bare     no header at all, the 429s included (no Retry-After either)
 * Only /v1 is limited; GET /stats (outside it) reports what the limiter let through and refused.
 *   node express-rate-limit-server.mjs PORT MODE LIMIT WINDOW_MS
 */
import express from 'express';
import { rateLimit } from 'express-rate-limit';

const [port, mode, limit, windowMs] = process.argv.slice(2);
const stats = { accepted: 0, refused: 0 };
const app = express();
app.get('/stats', (_req, res) => res.json(stats));
app.use(
  '/v1',
  rateLimit({
    windowMs: Number(windowMs),
    limit: Number(limit),
    standardHeaders: mode.startsWith('draft-') ? mode : false,
    legacyHeaders: mode === 'legacy',
    // One client: the test's (every loopback request would be the same key anyway).
    keyGenerator: () => 'test-client',
    handler: (_req, res, _next, options) => {
      stats.refused++;
      res.status(options.statusCode).json({ error: { message: 'Too many requests', type: 'rate_limit', param: null, code: null } });
    },
  }),
);
app.use('/v1', (_req, res) => {
  stats.accepted++;
  res.json({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  });
});
app.get('/', (_req, res) => res.send('ok'));
app.listen(Number(port), '127.0.0.1', () => console.log(`listening on ${port}`));
