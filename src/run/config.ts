/**
 * The run's configuration as the CLI hands it to the suites: in memory, through vitest's
 * provide/inject (never a file: two runs into one folder once swapped their keys through one). It never
 * holds the API key: the suites read the key from the environment variable it names. Secret header
 * values (from --header or --header-env) do travel in it, in memory only.
 */
import { z } from 'zod';
import type { Profile } from '../spec/profile.types.js';

/** A merged profile as src/spec/load.ts returns it: a plain object (it crosses to the worker by structured clone). */
const loadedProfile = z.custom<Profile>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { profile?: unknown }).profile === 'string',
);

export const RunConfigSchema = z.object({
  profile: z.string().min(1),
  /**
   * The target's and the reference's merged profiles, as the CLI loaded them: schema-validated and linted
   * there, before anything started. The worker takes them as they are instead of loading the files again:
   * a thread that compiles the profile schema with ajv holds ~20 MB more (the generated validator's code
   * and the compiler's memory), for a check already made. Absent (tests, benches): loaded from `profile`.
   */
  loaded: z.object({ profile: loadedProfile, reference: loadedProfile }).optional(),
  baseUrl: z.string().url(),
  model: z.string().min(1),
  /** Environment variable that holds the key, e.g. OAI_COMPAT_API_KEY. */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  headers: z.record(z.string(), z.string()).default({}),
  outDir: z.string().min(1),
  only: z.string().optional(),
  concurrency: z.number().int().min(1).max(64).default(4),
  timeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
  samples: z.number().int().min(2).max(50).default(5),
  emulator: z.boolean().default(false),
  fault: z.string().optional(),
  /** Pace at this rate (from --rpm or --rate); none: the profile's declared limit on real targets. */
  rate: z.object({ requests: z.number().int().min(1), windowMs: z.number().int().min(1) }).optional(),
  maxRequests: z.number().int().min(0).optional(),
  /** Retries of a 429, 503 or reset; unset: the scheduler's default (3; 8 for a 429 while pacing learns). */
  retries: z.number().int().min(0).max(10).optional(),
  record: z.string().optional(),
  replay: z.string().optional(),
  dryRun: z.boolean().default(false),
  shard: z
    .string()
    .regex(/^\d+\/\d+$/)
    .optional(),
  label: z.string().optional(),
  /** Epoch ms after which nothing more is sent (`--deadline`). */
  deadlineAt: z.number().int().optional(),
  /** Longest wait across one request's retries; a Retry-After beyond it makes the case inconclusive. */
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
  /** Consecutive requests with no usable answer after which the run stops (0: never). */
  tripAfter: z.number().int().min(0).optional(),
  /** The BroadcastChannel on which the CLI tells the worker to stop (Ctrl-C). */
  controlChannel: z.string().optional(),
});

export type RunConfig = z.infer<typeof RunConfigSchema>;

/** The key under which the CLI provides the configuration to the suites' worker (vitest `provide`/`inject`). */
export const RUN_CONFIG_KEY = 'oaiRunConfig';

declare module 'vitest' {
  interface ProvidedContext {
    oaiRunConfig: RunConfig;
  }
}

/** The provided value, checked: a worker started by anything but `oai-compat run` gets one clear line. */
export function parseProvidedConfig(value: unknown): RunConfig {
  if (value === undefined) throw new Error('no run configuration was provided: run the suites through `oai-compat run`, not vitest directly');
  return RunConfigSchema.parse(value);
}
