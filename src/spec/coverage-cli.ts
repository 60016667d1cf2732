/** `validate --coverage`: every documented table of every profile's documents, and how many rows are encoded. */
import { fileURLToPath } from 'node:url';
import type { Profile } from './profile.types.js';
import { coverage, formatCoverage } from './coverage.js';

/** The copies of the providers' documents that profiles encode (specs/sources/). */
export const SOURCES_DIR = fileURLToPath(new URL('../../specs/sources/', import.meta.url));

export function coverageCommandOutput(profiles: Profile[]): { text: string; complete: boolean } {
  const report = coverage(profiles, SOURCES_DIR);
  return { text: formatCoverage(report), complete: report.complete };
}
