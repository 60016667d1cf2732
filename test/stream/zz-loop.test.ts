import { it } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { streamFaults } from '../../src/emulator/faults/stream.js';
it('loop', async () => {
  for (const f of streamFaults) {
    if (process.env.F && !f.id.includes(process.env.F)) continue;
    const r = await runCases({ profile: 'openai', only: 'stream.', fault: f.id, timeoutMs: f.timeoutMs });
    const extra = r.failing.filter((id) => !f.catches.includes(id));
    const missing = f.catches.filter((id) => !r.failing.includes(id));
    console.log(`${extra.length || missing.length ? 'XX' : 'ok'} ${f.id} extra=${extra} missing=${missing}`);
    for (const id of [...r.failing, ...r.cases.filter((c) => c.verdict === 'inconclusive').map((c) => c.id)]) console.log('     ', r.byId.get(id)!.verdict, id, r.byId.get(id)!.message.slice(0, 260));
  }
}, 600000);
