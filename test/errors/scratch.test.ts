import { it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
it('scratch', async () => {
  for (const p of (process.env.PROFILES ?? 'openai,parallel').split(',')) {
    const r = await runCases({ profile: p, only: process.env.ONLY ?? 'error.' });
    console.log(p, r.cases.map((c) => `${c.id} ${c.verdict} ${c.observed} :: ${c.message}`).join('\n'));
  }
});
