/** The catalogue of emulator faults: every fault of every area, by id. */
import type { Fault } from './types.js';
import { coreFaults } from './core.js';
import { fieldFaults } from './fields.js';
import { streamFaults } from './stream.js';
import { errorFaults } from './errors.js';
import { headerFaults } from './headers.js';
import { endpointFaults } from './endpoints.js';
import { mutationFaults } from './mutations.js';
import { signalFaults, messageRejectionFaults } from './signals.js';
import { accountingFaults } from './accounting.js';
import { acceptanceFaults } from './acceptance.js';
import { legacyFaults } from './legacy.js';
import { samplingFaults } from './sampling.js';
import { conversationFaults } from './conversation.js';
import { structuredFaults } from './structured.js';
import { groupFaults } from './group.js';
import { responsesFaults } from './responses.js';
import { toolsStrictFaults } from './tools-strict.js';
import { responsesMockFaults } from './responses-mock.js';

export type { Fault } from './types.js';

const ALL: Fault[] = [
  ...coreFaults,
  ...fieldFaults,
  ...streamFaults,
  ...errorFaults,
  ...headerFaults,
  ...endpointFaults,
  ...mutationFaults(),
  ...signalFaults,
  ...messageRejectionFaults,
  ...accountingFaults,
  ...acceptanceFaults,
  ...legacyFaults,
  ...samplingFaults,
  ...conversationFaults,
  ...structuredFaults,
  ...groupFaults,
  ...responsesFaults,
  ...toolsStrictFaults,
  ...responsesMockFaults,
];

export function allFaults(): Fault[] {
  return ALL;
}

export function findFault(id: string): Fault | undefined {
  return ALL.find((f) => f.id === id);
}

/** Does a case id match one of a fault's `catches` entries (`error.*` matches every error case)? */
export function faultCatches(fault: Fault, caseId: string): boolean {
  return fault.catches.some((p) => (p.endsWith('.*') ? caseId.startsWith(p.slice(0, -1)) : p === caseId));
}
