/**
 * Which protocol signals a probe may trust on this target. A signal is usable when the target's profile
 * does not declare it empty or absent (Parallel: usage and finish_reason are "Always empty", so a number
 * there means nothing) AND the answer actually carries it. Otherwise the probe falls back to the next
 * signal and says so, with a lower confidence.
 */
import type { Profile } from '../spec/profile.types.js';
import type { ChoiceView, CompletionView } from './completion.js';

/** Does the profile declare this response path always empty or absent (or a parent of it, e.g. `usage`)? */
export function declaredEmpty(profile: Profile, path: string): boolean {
  const rows = profile.response ?? {};
  const parts = path.split('.');
  for (let i = parts.length; i > 0; i--) {
    const row = rows[parts.slice(0, i).join('.')];
    if (row && (row.status === 'empty' || row.status === 'absent')) return true;
  }
  return false;
}

export type UsageCount = 'prompt_tokens' | 'completion_tokens';

/** A usage count as a signal: a positive number on a target that does not declare it empty, else undefined. */
export function usageCount(profile: Profile, view: CompletionView, field: UsageCount): number | undefined {
  if (declaredEmpty(profile, `usage.${field}`)) return undefined;
  const v = view.usage?.[field];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** The same count from two answers (probe, reference), or undefined unless both carry it. */
export function usagePair(profile: Profile, probe: CompletionView, reference: CompletionView, field: UsageCount): [number, number] | undefined {
  const a = usageCount(profile, probe, field);
  const b = usageCount(profile, reference, field);
  return a !== undefined && b !== undefined ? [a, b] : undefined;
}

/** finish_reason as a signal, or undefined where the profile declares it empty or the answer has none. */
export function finishReason(profile: Profile, choice: ChoiceView | undefined): string | undefined {
  if (!choice || declaredEmpty(profile, 'choices[].finish_reason')) return undefined;
  return choice.finishReason ?? undefined;
}

/** Why a signal could not be used, for the observation's note. */
export function unusableWhy(profile: Profile, path: string): string {
  return declaredEmpty(profile, path) ? `the profile declares ${path} always empty` : `the answers carry no ${path}`;
}
