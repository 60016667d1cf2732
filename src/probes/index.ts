/**
 * The probe registry: which module verifies which field. Fields with no module here use the acceptance
 * probe (generic.ts), which reports the effect as unobservable.
 */
import type { Probe } from './types.js';

const PROBES: Probe[] = [];

export function probeFor(caseKey: string): Probe | undefined {
  return PROBES.find((p) => p.keys.includes(caseKey));
}
