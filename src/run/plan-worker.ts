/**
 * The planning worker's entry (see plan.ts): loads and validates the profiles, expands the selected
 * cases, posts the plan, and ends. Profile problems travel back as data; anything else is thrown (the
 * CLI reports it as a harness error).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadProfile, parseAndValidate, ProfileError } from '../spec/load.js';
import { expandCases, matchesOnly } from '../cases/index.js';
import type { Plan, PlanInput } from './plan.js';

function plan(input: PlanInput): Plan {
  try {
    const loaded = loadProfile(input.profileRef);
    const reference = loadProfile('openai');
    const cases = expandCases(loaded.profile, reference.profile)
      .filter((c) => matchesOnly(c.id, input.only))
      .map((c) => ({ id: c.id, area: c.area, subject: c.subject, declared: c.describe(c.row), source: c.source }));
    const ownDefaultModel = parseAndValidate(loaded.files[0]!).profile.target?.defaultModel;
    return { loaded, reference, cases, ...(ownDefaultModel ? { ownDefaultModel } : {}) };
  } catch (e) {
    if (e instanceof ProfileError) return { problems: e.problems };
    throw e;
  }
}

parentPort?.postMessage(plan(workerData as PlanInput));
