import { it } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { errorFaults } from '../../src/emulator/faults/errors.js';
import { headerFaults } from '../../src/emulator/faults/headers.js';
import { endpointFaults } from '../../src/emulator/faults/endpoints.js';
import { faultCatches } from '../../src/emulator/faults/index.js';
it('scratch3', async () => {
  for (const f of [...errorFaults, ...headerFaults, ...endpointFaults]) {
    const r = await runCases({ profile: f.profile ?? 'openai', fault: f.id });
    const unexpected = r.failing.filter((id) => !faultCatches(f, id));
    const missed = f.catches.filter((c) => !c.endsWith('*') && !r.failing.includes(c));
    console.log(`${f.id} [${f.profile ?? 'openai'}] ${unexpected.length || missed.length ? 'BAD' : 'ok'} unexpected=${unexpected.join(',')} missed=${missed.join(',')} failing=${r.failing.length}`);
    for (const id of r.failing.slice(0, 3)) console.log('    ', id, '::', r.byId.get(id)?.message.slice(0, 160));
  }
}, 600_000);
