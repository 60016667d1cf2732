/**
 * The proof that a fault is caught by exactly its cases: run the fault's profile against its own emulator
 * with the fault on, and compare the failing cases with the exact list expected (not only with the
 * fault's `catches`, whose `area.*` patterns the catalogue test cannot check member by member), and each
 * failure's message with what the fault broke.
 */
import { expect } from 'vitest';
import { findFault, faultCatches } from '../../src/emulator/faults/index.js';
import { runCases } from '../support/run-cases.js';

export async function expectCaught(faultId: string, failing: string[], message: RegExp): Promise<void> {
  const fault = findFault(faultId);
  expect(fault, `fault ${faultId}`).toBeDefined();
  // The areas of these checks; test/faults/catalogue.test.ts runs every area with every fault.
  const r = await runCases({ profile: fault!.profile ?? 'openai', fault: faultId, only: 'error.,header.,endpoint.,extension.' });
  expect([...r.failing].sort(), `failing under ${faultId}`).toEqual([...failing].sort());
  for (const id of failing) {
    expect(faultCatches(fault!, id), `${id} is not in the catches of ${faultId}`).toBe(true);
    expect(r.byId.get(id)!.message, `${id} under ${faultId}`).toMatch(message);
  }
}
