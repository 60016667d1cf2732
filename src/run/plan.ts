/**
 * A run's plan, made in a short-lived worker thread: load and validate the profile chain (and OpenAI's
 * reference), expand the selected cases, and hand back plain data. The CLI's thread needs the cases
 * only as ids and labels (to refuse an --only that matches nothing, and to name the cases a stopped run
 * never reached), but expanding them loads every probe and check (~25 MB of code and data that a thread
 * never gives back). A worker's heap is returned when it exits, so the CLI's share of a run's peak is
 * only what it really uses while the suites run. The suites' worker gets the validated profiles (run/config.ts `loaded`).
 */
import { Worker } from 'node:worker_threads';
import type { Area } from '../cases/types.js';
import type { LoadedProfile, ProfileProblem } from '../spec/load.js';

export interface PlanInput {
  /** `--profile` as given: a built-in name or a path (already checked to exist). */
  profileRef: string;
  only?: string;
}

/** A selected case as the CLI uses it: enough to name it, and to report it inconclusive if never reached. */
export interface PlannedCase {
  id: string;
  area: Area;
  subject: string;
  declared: string;
  source: string | null;
}

export type Plan =
  | {
      loaded: LoadedProfile;
      reference: LoadedProfile;
      /** The most derived file's own target.defaultModel (not an inherited one). */
      ownDefaultModel?: string;
      cases: PlannedCase[];
    }
  | { problems: ProfileProblem[] };

/** Runs plan-worker.js (the compiled sibling of this module) and returns what it posts. */
export function planRun(input: PlanInput): Promise<Plan> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./plan-worker.js', import.meta.url), { workerData: input });
    let answered = false;
    worker.once('message', (plan: Plan) => {
      answered = true;
      resolve(plan);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the planning worker exited (${code}) without a plan`));
    });
  });
}
