/** The check of latency claims (`performance.<id>`): any row, measured on k fresh samples of the baseline. */
import type { PerformanceRow } from '../../spec/profile.types.js';
import { describePerformanceRow, judgeLatency, observeLatency } from '../performance.js';
import type { CheckDef } from './types.js';

export const PERFORMANCE_CHECKS: readonly CheckDef<PerformanceRow>[] = [
  {
    id: 'performance.*',
    area: 'performance',
    reads: 'k fresh samples of the baseline request (--samples), streamed for ttft',
    decides: { kind: 'protocol', signal: 'the claimed percentile of ttft, ttfb or total time against the bound (a measurement)' },
    file: 'src/checks/performance.ts',
    check: {
      describe: describePerformanceRow,
      observe: (io, id, row) => observeLatency(io, id, row),
      judge: (obs, row) => judgeLatency(obs, row),
    },
  },
];
