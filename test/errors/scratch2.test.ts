import { it } from 'vitest';
import { runCases } from '../support/run-cases.js';
it('scratch2', async () => {
  for (const p of (process.env.PROFILES ?? 'openai').split(',')) {
    const t = Date.now();
    const r = await runCases({ profile: p, fault: process.env.FAULT || undefined });
    console.log(p, process.env.FAULT, Date.now() - t, 'ms', r.cases.length, 'cases; failing:', r.failing.join(' '));
    for (const id of r.failing) console.log('  ', id, '::', r.byId.get(id)?.message.slice(0, 200));
    const inc = r.cases.filter((c) => c.verdict === 'inconclusive').map((c) => `${c.id}: ${c.message.slice(0, 100)}`);
    console.log('inconclusive', inc);
  }
}, 600_000);
