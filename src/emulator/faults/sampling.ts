/** Faults for sampling controls decided by the spread of samples (spread.ts): a control accepted and dropped. */
import type { Fault } from './types.js';

export const samplingFaults: Fault[] = [
  {
    id: 'ignores-top-p',
    description: 'accepts top_p with 200 but samples from the whole distribution',
    catches: ['request.top_p'],
    evidence: 'peers-and-breakages.md 2.4 (GenerationControlProber: a small top_p must collapse the variation; servers that read it or not)',
    request(body) {
      const { top_p: _drop, ...rest } = body;
      return rest;
    },
  },
];
