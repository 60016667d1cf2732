/**
 * Every fault in the emulator's catalogue makes exactly the cases it names fail, and nothing else:
 * the proof that each check catches a real breakage and does not fire on anything else.
 */
import { describe, it, expect } from 'vitest';
import { allFaults, faultCatches } from '../../src/emulator/faults/index.js';
import { runCases, runCasesUnstalled } from '../support/run-cases.js';

/** Case ids that failed under some fault, collected as the fault tests run (in order, in this file). */
const caught = new Set<string>();
let faultsRun = 0;

/**
 * Cases that pass on the clean openai emulator and that no fault can make fail, each with the reason.
 * Everything else must be caught by at least one fault: a check that cannot fail is a defect.
 */
const CANNOT_FAIL_HERE: Record<string, string> = {
  'header.auth.bearer': 'refusing Bearer refuses every request of the run: every case fails, which proves nothing about this one',
  'header.auth.api-key': 'the check is the one header.auth.x-api-key uses, which accepts-x-api-key (flexai) proves',
  'request.prediction': 'a dropped prediction leaves no trace (unobservable, skipped); only a rejection could fail it',
};

describe('fault catalogue', () => {
  it('has unique ids, a description and at least one case each', () => {
    const ids = allFaults().map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of allFaults()) {
      expect(f.description.length, f.id).toBeGreaterThan(5);
      // A fault whose right outcome is no failure names what it must unsettle or must not blame instead.
      expect(f.catches.length + (f.unsettles?.length ?? 0) + (f.mustPass?.length ?? 0), f.id).toBeGreaterThan(0);
    }
  });

  for (const fault of allFaults()) {
    it(`${fault.id} fails exactly ${fault.catches.join(', ') || 'nothing'}`, async () => {
      const profile = fault.profile ?? 'openai';
      const r = await runCasesUnstalled({ profile, fault: fault.id, ...(fault.timeoutMs !== undefined ? { timeoutMs: fault.timeoutMs } : {}) }, fault.catches);
      faultsRun++;
      for (const id of r.failing) caught.add(id);
      // A failure rests on decisive evidence, whatever the fault (issue #11): never on usage, text or nothing.
      // Performance claims are measurements against a declared number, judged as such.
      const undecided = r.failing.map((id) => r.byId.get(id)!).filter((c) => c.area !== 'performance' && c.confidence !== 'decisive');
      expect(
        undecided.map((c) => `${c.id}: ${c.confidence}`),
        'failures without decisive evidence',
      ).toEqual([]);
      const unexpected = r.failing.filter((id) => !faultCatches(fault, id));
      expect(unexpected, `cases that failed but are not caught by ${fault.id}`).toEqual([]);
      // r.stalled: a timing case this machine never let the reader decide (a warning after every attempt, never a pass).
      if (fault.catches.some((id) => !r.stalled.includes(id))) expect(r.failing.length, `${fault.id} made no case fail`).toBeGreaterThan(0);
      // The deviations the evidence cannot make a failure: neither a pass nor a fail (a warning or unobservable).
      for (const id of fault.unsettles ?? []) {
        const c = r.byId.get(id);
        expect(c, `${id} ran under ${fault.id}`).toBeDefined();
        expect(['inconclusive', 'skip'], `${id} under ${fault.id}: ${c?.verdict} ${c?.message}`).toContain(c?.verdict);
      }
      // A target that works, in a way the checks used to misread: it must not be blamed.
      for (const id of fault.mustPass ?? []) {
        const c = r.byId.get(id);
        expect(c?.verdict, `${id} under ${fault.id}: ${c?.message}`).toBe('pass');
      }
      for (const id of fault.catches.filter((c) => !c.endsWith('.*'))) {
        const c = r.byId.get(id);
        expect(c?.verdict, `${id} under ${fault.id}: ${c?.message}`).toBe(r.stalled.includes(id) ? 'inconclusive' : 'fail');
        expect(c?.message.length).toBeGreaterThan(10);
      }
    });
  }

  it('every case that passes on the clean openai emulator is made to fail by some fault', async (ctx) => {
    if (faultsRun < allFaults().length) ctx.skip(`only ${faultsRun} of ${allFaults().length} faults ran (filtered run)`);
    const clean = await runCases({ profile: 'openai' });
    const uncaught = clean.cases.filter((c) => c.verdict === 'pass' && !caught.has(c.id) && !(c.id in CANNOT_FAIL_HERE)).map((c) => c.id);
    expect(uncaught, 'checks no fault makes fail').toEqual([]);
    for (const id of Object.keys(CANNOT_FAIL_HERE)) expect(caught.has(id), `${id} is caught after all: drop it from CANNOT_FAIL_HERE`).toBe(false);
  });
});
