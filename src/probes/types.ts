/**
 * A probe finds out, from outside, what a target does with one request field: rejects it, honours it
 * (the effect is observed), or ignores it (accepted, no effect). Each field with a decisive signal has its
 * own module in this folder; the rest use the acceptance probe (generic.ts) and report the effect as
 * unobservable.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';

export interface Probe {
  /** Profile keys this probe verifies (`request.max_tokens`, `message.content.parts`). */
  keys: string[];
  observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation>;
}

/** Observed words a field probe uses (the judge understands these). */
export type FieldObserved = 'supported' | 'ignored' | 'rejected' | 'accepted' | 'error';
