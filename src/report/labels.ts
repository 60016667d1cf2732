/**
 * How a target, a verdict and a run's duration are named on screen, shared by every renderer so the
 * report, the diff and the matrix call the same thing by the same name.
 */
import type { Results, Verdict } from '../results/results.types.js';

/** A symbol that reads in a terminal, a GitHub summary and a browser alike. */
export const VERDICT_MARK: Record<Verdict, string> = {
  pass: '✅',
  fail: '❌',
  skip: '⏭️',
  inconclusive: '❔',
};

/** `profile · model`, or the label the run was given. */
export function targetName(target: Results['target']): string {
  return target.label ?? `${target.profile} · ${target.model}`;
}

/** Where the target lives: the host of its base URL, or "emulator" (its loopback port means nothing to a reader). */
export function targetHost(target: Results['target']): string {
  if (target.emulator) return target.fault ? `emulator, fault ${target.fault}` : 'emulator';
  try {
    return new URL(target.baseUrl).host || target.baseUrl;
  } catch {
    return target.baseUrl;
  }
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Wall-clock length of the run from its timestamps ('' when they do not parse). */
export function runDuration(results: Results): string {
  return formatDuration(Date.parse(results.finishedAt) - Date.parse(results.startedAt));
}

/**
 * A number as a reader wants it: integers as they are, fractions to at most 3 decimals (tiny ones to 3
 * significant digits), never the binary-float tail of `34.900000000000006`.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n) || Number.isInteger(n)) return String(n);
  if (Math.abs(n) >= 0.001) return String(Math.round(n * 1000) / 1000);
  return String(Number(n.toPrecision(3)));
}

/** In text (a message, an observed value): float artifacts, 10+ decimals, are rounded where they stand. */
export function roundFloatsIn(text: string): string {
  return text.replace(/-?\b\d+\.\d{10,}\b/g, (m) => formatNumber(Number(m)));
}

/** Evidence for display: every number in it rounded, at any depth. */
export function roundedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Number(formatNumber(v)) : v), 2);
}
