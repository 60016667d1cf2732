/**
 * The run's configuration as the CLI hands it to the suites (a JSON file named by an environment
 * variable). It never holds the API key: the suites read the key from the environment variable it names.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const RunConfigSchema = z.object({
  profile: z.string().min(1),
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
  /** Retries per request of 429, 503 and connection resets, after Retry-After (0: none). */
  retries: z.number().int().min(0).max(10).default(3),
  record: z.string().optional(),
  replay: z.string().optional(),
  dryRun: z.boolean().default(false),
  shard: z.string().regex(/^\d+\/\d+$/).optional(),
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

/** The environment variable through which the CLI points the suites at the run's config file. */
export const RUN_CONFIG_ENV = 'OAI_COMPAT_RUN_CONFIG';

export function readRunConfig(): RunConfig {
  const file = process.env[RUN_CONFIG_ENV];
  if (!file) throw new Error(`${RUN_CONFIG_ENV} is not set: run the suites through \`oai-compat run\`, not vitest directly`);
  return RunConfigSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
