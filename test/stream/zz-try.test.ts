import { it } from 'vitest';
import { runCases } from '../support/run-cases.js';
it('x', async () => {
  for (const p of (process.env.P ?? 'openai').split(',')) {
    const r = await runCases({ profile: p, only: process.env.ONLY ?? 'stream.,performance.', fault: process.env.F || undefined, timeoutMs: process.env.T ? Number(process.env.T) : undefined });
    console.log(p, 'sent', r.sent, 'shared', r.shared);
    for (const c of r.cases) console.log(c.verdict.padEnd(12), c.id.padEnd(40), c.requests, c.message.slice(0, 300));
  }
}, 120000);
