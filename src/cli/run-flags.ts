/**
 * `oai-compat run`'s usage text and flag table, apart from the run itself: `run --help` and a bad flag
 * are answered from here without loading vitest, undici, the emulator or ajv (src/cli/run.ts imports them).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, type Options } from './args.js';

export const RUN_USAGE = `Usage: oai-compat run [options]

Runs the conformance suite of a profile against a target and writes the report.
Without --base-url, starts the built-in emulator of the profile on loopback and tests it.
With a configuration (./oai-compat.config.yaml, or --config FILE), runs every target it lists, one
after the other, each into <out>/<name>, then builds their matrix into <out>/matrix; flags given here
override the configuration's settings for every target.

  --config FILE          the configuration to run (default: ./oai-compat.config.yaml when it exists and
                         neither --profile nor --base-url is given)
  --profile NAME|FILE    profile to check against (default: openai)
  --base-url URL         target base URL including its version prefix, e.g. https://api.openai.com/v1
  --model ID             model to test (default: the profile's defaultModel)
  --api-key-env NAME     environment variable holding the API key (default: OAI_COMPAT_API_KEY)
  --header "Name: v"     extra request header (repeatable; Authorization/X-Api-Key are refused here; a
                         header whose name says key, token, secret, auth, cookie or session is redacted)
  --header-env "Name=VAR"  extra request header whose value is read from the environment variable VAR
                         (repeatable): a secret header that never has to be typed on a command line
  --out DIR              output folder (default: reports/<profile>)
  --only PATTERN         run only matching case ids (comma-separated; prefix or glob: request.,error.*)
  --concurrency N        requests in flight at once (default: 4)
  --timeout-ms N         total timeout of one request (default: 120000)
  --samples K            samples for stochastic probes (default: 5)
  --fault NAME           (emulator only) turn on one emulator fault
  --baseline FILE        compare with an earlier results.json: exit 1 only on regressions
  --label TEXT           display name of the target in reports and matrices
  --shard i/n            run slice i of n (by area); join the slices with oai-compat merge
  --rpm N                pace requests at N per minute (default: the profile's declared limit on real targets;
                         none declared: learned from the target's 429s and rate-limit headers)
  --rate N/WINDOW        pace at N requests per window, for limits stated otherwise: 10/1s, 25/5s, 300/1m
  --max-requests N       hard cap on requests sent, retries included; cases past it are skipped
  --retries N            retries of a 429, 503 or connection reset, after Retry-After (default: 3; 0: none;
                         without it, a 429 while the limit is being learned: 8)
  --max-retry-after DUR  longest wait across one request's retries (default: 60s); a Retry-After
                         beyond it makes the case inconclusive instead of stalling the run
  --deadline DURATION    bound on the whole run, e.g. 90s, 5m: cases not reached by then are inconclusive
  --dry-run              send nothing: list every request the run would send, by area, with the total
  --record FILE          store every exchange (redacted, stream bytes and timings included)
  --replay FILE          re-run against a recording, with no network at all
  --quiet                no progress line
  --verbose              print vitest's own output (on stderr under --json)
  --json                 print one JSON document on stdout (the summary: counts of both verdicts, the
                         failures, the report files, the exit code) and nothing else there; the
                         lines for a person go to stderr
Exit codes: 0 all declared behaviour holds (or no regression), 1 failures (or regressions),
            2 usage, profile or input-file error (nothing sent), 3 the target could not be tested
            (unreachable, refused everything, or stopped answering mid-run), 4 the harness itself
            failed (the reason is printed; not a conformance result), 130/143 interrupted by
            SIGINT/SIGTERM (what was observed is written, the rest inconclusive).`;

const RUN_OPTIONS = {
  profile: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'api-key-env': { type: 'string' },
  header: { type: 'string', multiple: true },
  'header-env': { type: 'string', multiple: true },
  out: { type: 'string' },
  only: { type: 'string' },
  concurrency: { type: 'string' },
  'timeout-ms': { type: 'string' },
  samples: { type: 'string' },
  fault: { type: 'string' },
  baseline: { type: 'string' },
  label: { type: 'string' },
  shard: { type: 'string' },
  rpm: { type: 'string' },
  rate: { type: 'string' },
  'max-requests': { type: 'string' },
  retries: { type: 'string' },
  'max-retry-after': { type: 'string' },
  deadline: { type: 'string' },
  'dry-run': { type: 'boolean' },
  record: { type: 'string' },
  replay: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  json: { type: 'boolean' },
  config: { type: 'string' },
} as const satisfies Options;

export function parseRunFlags(argv: string[]) {
  return parse(argv, RUN_OPTIONS, RUN_USAGE);
}

export type RunFlags = ReturnType<typeof parseRunFlags>['values'];

/** The file `oai-compat run` looks for in the current directory. */
export const CONFIG_FILE = 'oai-compat.config.yaml';

/**
 * `--config FILE`; or ./oai-compat.config.yaml when it exists and no --profile or --base-url names a single
 * target of its own on the command line; or none (a plain run).
 */
export function findConfig(values: RunFlags, cwd = process.cwd()): string | undefined {
  if (values.config !== undefined) return resolve(values.config);
  if (values.profile !== undefined || values['base-url'] !== undefined) return undefined;
  const here = resolve(cwd, CONFIG_FILE);
  return existsSync(here) ? here : undefined;
}
