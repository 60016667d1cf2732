/** `validate --coverage` output (placeholder until coverage.ts is wired). */
import type { Profile } from './profile.types.js';

export function coverageCommandOutput(profiles: Profile[]): { text: string; complete: boolean } {
  return { text: `coverage: not wired yet for ${profiles.length} profile(s)`, complete: true };
}
