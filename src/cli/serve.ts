/** `oai-compat serve`: the emulator as a standalone loopback server, for developing clients against a provider. */
import { randomBytes } from 'node:crypto';
import { parse, intFlag, UsageError } from './args.js';
import { loadProfileRef } from './profile-ref.js';

export const SERVE_USAGE = `Usage: oai-compat serve [--profile NAME|FILE] [--port N] [--host ADDR] [--fault NAME] [--api-key-env NAME]

Starts the built-in emulator: an OpenAI-compatible server on loopback that behaves as the profile declares.
  --profile NAME|FILE   profile to impersonate (default: openai)
  --port N              port (default: a free one, printed)
  --host ADDR           listen address (default: 127.0.0.1)
  --fault NAME          turn on one fault from the catalogue
  --list-faults         print the fault catalogue and exit
  --rate-limit N        enforce N requests per minute (429 with Retry-After past it); default: the profile's
                        declared limit (Parallel: 300); 0: none
  --latency-ms N        wait N ms before every answer, as a remote provider would
  --api-key-env NAME    accept the key held by this environment variable (default: a random key, printed once)`;

export async function serveCommand(argv: string[], signal?: AbortSignal): Promise<number> {
  const usage = SERVE_USAGE;
  const { values } = parse(
    argv,
    {
      profile: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      fault: { type: 'string' },
      'list-faults': { type: 'boolean' },
      'rate-limit': { type: 'string' },
      'latency-ms': { type: 'string' },
      'api-key-env': { type: 'string' },
    },
    usage,
  );
  if (values.help) {
    console.log(usage);
    return 0;
  }
  // Loaded after --help: the usage needs none of them.
  const [{ startEmulator }, { allFaults, findFault }] = await Promise.all([import('../emulator/server.js'), import('../emulator/faults/index.js')]);
  if (values['list-faults']) {
    for (const f of allFaults()) {
      const what = [
        f.catches.length ? `catches ${f.catches.join(', ')}` : '',
        f.unsettles?.length ? `unsettles ${f.unsettles.join(', ')}` : '',
        f.mustPass?.length ? `must pass ${f.mustPass.join(', ')}` : '',
      ].filter(Boolean);
      console.log(`${f.id.padEnd(34)} ${f.description}  [${what.join('; ')}]`);
    }
    return 0;
  }
  if (values.fault && !findFault(values.fault)) throw new UsageError(`unknown fault "${values.fault}" (see --list-faults)`, usage);
  const port = intFlag(values.port, 'port', usage, 0, 65535) ?? 0;
  const rpm = intFlag(values['rate-limit'], 'rate-limit', usage, 0, 1_000_000);
  const latencyMs = intFlag(values['latency-ms'], 'latency-ms', usage, 0, 600_000);
  const { profile } = await loadProfileRef(values.profile ?? 'openai');
  const keyEnv = values['api-key-env'];
  const key = keyEnv ? process.env[keyEnv] : `sk-emulator-${randomBytes(18).toString('hex')}`;
  if (!key) throw new UsageError(`$${keyEnv} is empty: set it to the key the emulator should accept`, usage);
  const emu = await startEmulator({
    profile,
    apiKey: key,
    port,
    host: values.host,
    fault: values.fault,
    rateLimit: rpm === undefined ? undefined : rpm === 0 ? false : { requests: rpm, windowMs: 60_000 },
    latencyMs,
  });
  console.log(`oai-compat emulator of "${profile.profile}"${values.fault ? ` with fault ${values.fault}` : ''} on ${emu.baseUrl}`);
  // The key is printed only when the emulator made it up: it guards nothing but this loopback server.
  if (!keyEnv) console.log(`accepted key: ${key}`);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
  });
  await emu.close();
  return 0;
}
