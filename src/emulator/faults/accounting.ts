/**
 * Faults in an answer's own arithmetic: numbers of the same answer that contradict each other, which a
 * client summing its bill (or an SDK's usage report) takes at face value.
 */
import type { Fault } from './types.js';

type Obj = Record<string, unknown>;

export const accountingFaults: Fault[] = [
  {
    id: 'total-tokens-not-sum',
    description: '`usage.total_tokens` is not prompt_tokens + completion_tokens (an extra token counted in the total only)',
    catches: ['response.usage.total_tokens'],
    evidence: 'wire-format.md 2 (CompletionUsage): "Total = prompt + completion"',
    completion(c) {
      const u = c.usage as Obj | undefined;
      if (u && typeof u.total_tokens === 'number') u.total_tokens += 7;
    },
  },
];
