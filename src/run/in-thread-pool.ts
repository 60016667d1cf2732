/**
 * The vitest pool of `oai-compat run`: the suites run in the CLI's own thread, through vitest 4's public
 * custom-pool API (`PoolRunnerInitializer`, and `vitest/worker`, the runtime a worker thread would start).
 * A worker thread is a second V8 isolate that loads vitest's runtime and the harness a second time and
 * keeps a heap of its own: ~20 MB of a full run's peak (bench/memory.mjs). The suites load the compiled
 * dist/ natively, so here they share the modules the CLI already loaded.
 *
 * What a thread boundary gave for free is kept: messages are copied both ways (structuredClone, as
 * postMessage does) and delivered on a later turn of the event loop, never re-entrantly. What vitest's
 * runtime changes in the thread it runs in (its console, its error listeners) is put back when the pool
 * stops, so the CLI's own output and errors after the run are its own again.
 */
import { EventEmitter } from 'node:events';
import type { PoolRunnerInitializer, PoolWorker } from 'vitest/node';
import { init, runBaseTests, setupEnvironment } from 'vitest/worker';

const NAME = 'oai-compat-in-thread';
const ERROR_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

type Listener = (arg: unknown) => void;

class InThreadWorker implements PoolWorker {
  readonly name = NAME;
  /** Messages from the runtime to vitest's pool (what a worker's postMessage would carry). */
  private readonly toPool = new EventEmitter();
  /** Messages from vitest's pool to the runtime. */
  private readonly toRuntime = new EventEmitter();
  private started = false;
  private restore: (() => void) | undefined;
  /** Keeps the process alive while the runtime runs, as a worker thread's port would (its timers may be unref'd). */
  private alive: NodeJS.Timeout | undefined;

  on(event: string, callback: Listener): void {
    this.toPool.on(event, callback);
  }

  off(event: string, callback: Listener): void {
    this.toPool.off(event, callback);
  }

  send(message: unknown): void {
    deliver(this.toRuntime, message);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  async start(): Promise<void> {
    // vitest calls start again on a runner it reuses (the suites share one, not isolated).
    if (this.started) return;
    this.started = true;
    this.alive = setInterval(() => {}, 1 << 30);
    this.restore = snapshotThreadState();
    init({
      post: (response: unknown) => deliver(this.toPool, response),
      on: (callback: Listener) => void this.toRuntime.on('message', callback),
      off: (callback: Listener) => void this.toRuntime.off('message', callback),
      teardown: () => void this.toRuntime.removeAllListeners('message'),
      runTests: (state, traces) => runBaseTests('run', state, traces),
      collectTests: (state, traces) => runBaseTests('collect', state, traces),
      setup: setupEnvironment,
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.alive);
    this.toRuntime.removeAllListeners();
    this.restore?.();
    this.restore = undefined;
  }
}

/** A copy of the message, emitted on a later turn: what crossing a thread boundary would do. */
function deliver(to: EventEmitter, message: unknown): void {
  const copy = structuredClone(message);
  setImmediate(() => to.emit('message', copy));
}

/** What vitest's runtime replaces in its thread, to put back when it stops. */
function snapshotThreadState(): () => void {
  const console = globalThis.console;
  const listeners = ERROR_EVENTS.map((event) => new Set<unknown>(process.listeners(event as 'uncaughtException')));
  const ids = { pool: process.env.VITEST_POOL_ID, worker: process.env.VITEST_WORKER_ID };
  return () => {
    globalThis.console = console;
    ERROR_EVENTS.forEach((event, i) => {
      for (const l of process.listeners(event as 'uncaughtException')) if (!listeners[i].has(l)) process.off(event as 'uncaughtException', l);
    });
    setEnv('VITEST_POOL_ID', ids.pool);
    setEnv('VITEST_WORKER_ID', ids.worker);
  };
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The pool to give vitest (`pool` in its options). */
export function inThreadPool(): PoolRunnerInitializer {
  return { name: NAME, createPoolWorker: () => new InThreadWorker() };
}
