/**
 * `oai-compat run` with a configuration: every target it lists, one after the other, each into
 * <out>/<name>, through the same `runCommand` a single run uses (each target becomes that command's
 * flags, so every check a flag gets applies to the configuration too), then the matrix of all of them
 * (the `matrix` command's own code). Flags on the command line come last, so they override.
 */
import { dirname, join, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, profileRef, type Config, type ConfigTarget, type RunSettings } from './config.js';
import type { RunFlags } from './run-flags.js';
import { runCommand } from './run.js';
import { UsageError } from './args.js';
import { EXIT, InputError } from './exit.js';
import { reserveStdoutForJson, say, sayError, sayJson } from './output.js';
import { runSummaryJson } from './run-json.js';
import { matrixCommand } from '../report/matrix.js';
import { processIO } from '../report/command.js';
import type { Results } from '../results/results.types.js';

/** A run setting's flag. */
const SETTING_FLAGS: Record<keyof RunSettings, string> = {
  only: '--only',
  concurrency: '--concurrency',
  timeoutMs: '--timeout-ms',
  samples: '--samples',
  rpm: '--rpm',
  rate: '--rate',
  maxRequests: '--max-requests',
  retries: '--retries',
  maxRetryAfter: '--max-retry-after',
  deadline: '--deadline',
};

/** Flags the configuration run handles itself (never handed to a target's run). */
const OWN_FLAGS = new Set(['config', 'out', 'json', 'help']);

/** Which outcome a configuration run reports when its targets differ: the most serious one. */
const PRECEDENCE: number[] = [EXIT.sigint, EXIT.sigterm, EXIT.harness, EXIT.untestable, EXIT.input, EXIT.failures, EXIT.ok];

export async function runConfigured(file: string, flags: RunFlags): Promise<number> {
  const config = loadConfig(file);
  if (flags.json) reserveStdoutForJson();
  const base = dirname(file);
  const root = resolve(flags.out ?? (config.out === undefined ? 'reports' : resolve(base, config.out)));

  const ran: Array<{ target: ConfigTarget; code: number; out: string }> = [];
  for (const [i, t] of config.targets.entries()) {
    const out = join(root, t.name);
    say(`target ${i + 1}/${config.targets.length}: ${t.name}`, 'dim');
    let code: number;
    try {
      code = await runCommand(targetArgv(t, config, base, out, flags));
    } catch (e) {
      if (!(e instanceof UsageError || e instanceof InputError)) throw e;
      sayError(`oai-compat run: ${file}: target "${t.name}": ${e.message}`);
      code = EXIT.input;
    }
    ran.push({ target: t, code, out });
    if (code === EXIT.sigint || code === EXIT.sigterm) break;
  }

  const written = ran.filter((r) => existsSync(join(r.out, 'results.json')));
  let matrix: string | undefined;
  if (written.length) {
    const matrixOut = join(root, 'matrix');
    const args = [...written.map((r) => join(r.out, 'results.json')), '--out', matrixOut, ...(config.title ? ['--title', config.title] : [])];
    if ((await matrixCommand(args, { ...processIO, command: 'run' })) === EXIT.ok) matrix = join(matrixOut, 'index.html');
  }
  const code = PRECEDENCE.find((c) => ran.some((r) => r.code === c)) ?? EXIT.harness;
  if (flags.json) {
    sayJson({
      schema: 'oai-compat.config-run/v1',
      exitCode: code,
      config: file,
      matrix: matrix ?? null,
      targets: ran.map((r) => ({ name: r.target.name, ...targetSummary(r.out, r.code) })),
    });
  }
  return code;
}

/** One target as the flags of `oai-compat run`: the configuration's, then the command line's (which win). */
function targetArgv(t: ConfigTarget, config: Config, base: string, out: string, flags: RunFlags): string[] {
  const argv = ['--out', out, '--label', t.label ?? t.name];
  if (t.profile) argv.push('--profile', profileRef(t.profile, base));
  if (t.baseUrl) argv.push('--base-url', t.baseUrl);
  if (t.model) argv.push('--model', t.model);
  if (t.apiKeyEnv) argv.push('--api-key-env', t.apiKeyEnv);
  for (const [name, variable] of Object.entries(t.headers ?? {})) argv.push('--header-env', `${name}=${variable}`);
  if (t.baseline) argv.push('--baseline', resolve(base, t.baseline));
  if (t.fault) argv.push('--fault', t.fault);
  const settings: RunSettings = { ...config.run, ...t.run };
  // A pace given on the command line replaces the configuration's, whichever way either states it.
  if (flags.rpm !== undefined || flags.rate !== undefined) {
    delete settings.rpm;
    delete settings.rate;
  }
  for (const [k, v] of Object.entries(settings)) if (v !== undefined) argv.push(SETTING_FLAGS[k as keyof RunSettings], String(v));
  for (const [k, v] of Object.entries(flags)) {
    if (OWN_FLAGS.has(k) || v === undefined || v === false) continue;
    for (const one of Array.isArray(v) ? v : [v]) argv.push(...(one === true ? [`--${k}`] : [`--${k}`, String(one)]));
  }
  return argv;
}

function targetSummary(out: string, code: number) {
  const file = join(out, 'results.json');
  if (!existsSync(file)) return { exitCode: code, results: null };
  return runSummaryJson(JSON.parse(readFileSync(file, 'utf8')) as Results, out, code);
}
