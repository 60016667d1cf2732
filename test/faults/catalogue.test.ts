/**
 * Every fault in the emulator's catalogue makes exactly the cases it names fail, and nothing else:
 * the proof that each check catches a real breakage and does not fire on anything else.
 */
import { describe, it, expect } from 'vitest';
import { allFaults, faultCatches } from '../../src/emulator/faults/index.js';
import { runCases } from '../support/run-cases.js';

describe('fault catalogue', () => {
  it('has unique ids, a description and at least one case each', () => {
    const ids = allFaults().map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of allFaults()) {
      expect(f.description.length, f.id).toBeGreaterThan(5);
      expect(f.catches.length, f.id).toBeGreaterThan(0);
    }
  });

  for (const fault of allFaults()) {
    it(`${fault.id} fails exactly ${fault.catches.join(', ')}`, async () => {
      const profile = fault.profile ?? 'openai';
      const r = await runCases({ profile, fault: fault.id, ...(fault.timeoutMs !== undefined ? { timeoutMs: fault.timeoutMs } : {}) });
      const unexpected = r.failing.filter((id) => !faultCatches(fault, id));
      expect(unexpected, `cases that failed but are not caught by ${fault.id}`).toEqual([]);
      expect(r.failing.length, `${fault.id} made no case fail`).toBeGreaterThan(0);
      for (const id of fault.catches.filter((c) => !c.endsWith('.*'))) {
        const c = r.byId.get(id);
        expect(c?.verdict, `${id} under ${fault.id}: ${c?.message}`).toBe('fail');
        expect(c?.message.length).toBeGreaterThan(10);
      }
    });
  }
});
