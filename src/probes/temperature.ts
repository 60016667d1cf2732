/**
 * temperature: the spread rule of spread.ts with temperature 0 (narrow) against 1.5 (wide): 0 must collapse
 * the spread that 1.5 shows. Requests: k to 2k, all fresh (spread.ts stops once the outcome is settled).
 * The wide samples (`temperature: 1.5`, indexed: samples.ts) are also seed's unseeded control and top_p's
 * wide setting: whichever case asks first sends them, the others read them.
 */
import type { Probe } from './types.js';
import { HIGH_TEMPERATURE } from './samples.js';
import { decideSpread, observeSpread, type SpreadControl, type SpreadDecision } from './spread.js';

const TEMPERATURE: SpreadControl = { field: 'temperature', narrow: 0, wide: HIGH_TEMPERATURE };

export function decideTemperature(low: string[], high: string[]): SpreadDecision {
  return decideSpread(low, high, TEMPERATURE);
}

export const temperatureProbe: Probe = { keys: ['request.temperature'], observe: (io) => observeSpread(io, TEMPERATURE) };
