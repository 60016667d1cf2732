/**
 * Starts a third-party server the tests installed from npm as its own process on a free loopback port:
 * a bounded wait for the line that says it is listening (then a real request to confirm), and a stop that
 * kills it (SIGTERM, then SIGKILL after a grace period) so no test leaves a process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface SpawnedServer {
  origin: string;
  port: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Third-party code gets no more of the environment than it needs to run: never the developer's or CI's
 * variables (API keys among them), so nothing a server logs or forwards can carry a secret.
 */
const MINIMAL_ENV = (): Record<string, string> =>
  Object.fromEntries(['PATH', 'TMPDIR', 'LANG'].flatMap((k) => (process.env[k] ? [[k, process.env[k] as string]] : [])));

function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('close', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls the origin until anything answers over HTTP (any status), within the deadline. */
async function answers(origin: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      await fetch(origin, { signal: AbortSignal.timeout(2_000) });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return false;
}

export async function spawnServer(opts: {
  name: string;
  /** Node arguments (the script and its flags), given the free port it is to listen on. */
  args: (port: number) => string[];
  cwd: string;
  env?: (port: number) => Record<string, string>;
  /** The line the server prints once it listens. */
  ready: RegExp;
  startTimeoutMs?: number;
}): Promise<SpawnedServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, opts.args(port), { cwd: opts.cwd, env: { ...MINIMAL_ENV(), ...opts.env?.(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const onData = (d: Buffer) => {
    if (out.length < 200_000) out += String(d);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const timeoutMs = opts.startTimeoutMs ?? 45_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${opts.name} did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const check = () => {
        if (opts.ready.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${opts.name} exited (${code ?? signal}) before listening:\n${out}`));
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    if (!(await answers(origin, Date.now() + 10_000))) throw new Error(`${opts.name} said it listens but ${origin} does not answer:\n${out}`);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  child.removeAllListeners('exit');
  return { origin, port, stop: () => stopChild(child) };
}
