/**
 * The vitest pool of `oai-compat run`: the suites run in the CLI's own thread, through vitest 4's public
 * custom-pool API (`PoolRunnerInitializer`, and `vitest/worker`, the runtime a worker thread would start).
 * A worker thread is a second V8 isolate and Node environment that loads vitest's runtime and the harness
 * a second time and keeps a heap of its own (~40 MB of a full run's peak, bench/memory.mjs). The suites
 * load the compiled dist/ natively, so here they share the modules the CLI already loaded.
 *
 * What a thread boundary gave for free is kept:
 * - messages are copied both ways (structuredClone, as postMessage does) and delivered on a later turn of
 *   the event loop, never re-entrantly;
 * - an error nobody caught while the suites run is the harness's failure, as vitest reports it from a
 *   worker: the pool's own listeners take it (vitest installs its listeners once per thread, for its
 *   first run only: a configuration's later targets would otherwise crash the CLI), and the CLI reports it
 *   (exit 4);
 * - what vite and vitest's runtime replace in the thread they run in (process.exit, the console, Error's
 *   stack hooks, the error listeners, vitest's worker state, environment variables) is put back when the
 *   CLI disposes of the pool after vitest's close, so the CLI after a run, and the next target's run,
 *   start from the CLI's own state.
 */
import { EventEmitter } from 'node:events';
import type { PoolRunnerInitializer, PoolWorker } from 'vitest/node';
import { init, runBaseTests, setupEnvironment } from 'vitest/worker';

const NAME = 'oai-compat-in-thread';
const ERROR_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

type Listener = (arg: unknown) => void;

export interface InThreadPool {
  /** The pool to give vitest (its `pool` option). */
  readonly initializer: PoolRunnerInitializer;
  /** Errors nobody caught while the suites ran (each one line): harness errors. */
  readonly errors: string[];
  /** Stops what a runner left running and restores the thread's state (idempotent; after vitest's close). */
  dispose(): void;
}

/** Made before vitest starts: what vite and vitest change in the thread is put back by `dispose`. */
export function inThreadPool(): InThreadPool {
  const errors: string[] = [];
  const workers = new Set<InThreadWorker>();
  const restore = snapshotThreadState();
  return {
    initializer: {
      name: NAME,
      createPoolWorker: () => {
        const w = new InThreadWorker(errors);
        workers.add(w);
        return w;
      },
    },
    errors,
    dispose: () => {
      for (const w of workers) w.release();
      workers.clear();
      restore();
    },
  };
}

class InThreadWorker implements PoolWorker {
  readonly name = NAME;
  /** Messages from the runtime to vitest's pool (what a worker's postMessage would carry). */
  private readonly toPool = new EventEmitter();
  /** Messages from vitest's pool to the runtime. */
  private readonly toRuntime = new EventEmitter();
  private started = false;
  private listening: (() => void) | undefined;
  /** Keeps the process alive while the runtime runs, as a worker thread's port would (its timers may be unref'd). */
  private alive: NodeJS.Timeout | undefined;

  constructor(private readonly errors: string[]) {}

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
    const uncaught = (kind: string) => (e: unknown) => this.errors.push(`${kind} in the suites: ${(e as Error)?.message ?? String(e)}`);
    const onException = uncaught('uncaught exception');
    const onRejection = uncaught('unhandled rejection');
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
    this.listening = () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    };
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
    this.release();
  }

  /** What stop does, also called by the CLI if vitest never stopped this runner (its start or close failed). */
  release(): void {
    clearInterval(this.alive);
    this.alive = undefined;
    this.toRuntime.removeAllListeners();
    this.listening?.();
    this.listening = undefined;
  }
}

/** A copy of the message, emitted on a later turn: what crossing a thread boundary would do. */
function deliver(to: EventEmitter, message: unknown): void {
  const copy = structuredClone(message);
  setImmediate(() => to.emit('message', copy));
}

/** What vite and vitest's runtime replace in the thread they run in, to put back after the run. */
function snapshotThreadState(): () => void {
  const exit = process.exit;
  const console = globalThis.console;
  const prepareStackTrace = Error.prepareStackTrace;
  const stackTraceLimit = Error.stackTraceLimit;
  const globals = new Set(Reflect.ownKeys(globalThis));
  const env = { ...process.env };
  const listeners = ERROR_EVENTS.map((event) => new Set<unknown>(process.listeners(event as 'uncaughtException')));
  return () => {
    process.exit = exit;
    globalThis.console = console;
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
    // vitest's worker state, set again by every run: it holds the run's rpc, modules and results. The other
    // globals a run adds (allure's runtime, vitest's saved timers and mocker, undici's dispatcher) are set
    // once by modules this process keeps, and the next run of the same modules needs them.
    if (!globals.has('__vitest_worker__')) Reflect.deleteProperty(globalThis, '__vitest_worker__');
    for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
    for (const [name, value] of Object.entries(env)) if (process.env[name] !== value) process.env[name] = value;
    ERROR_EVENTS.forEach((event, i) => {
      for (const l of process.listeners(event as 'uncaughtException')) if (!listeners[i].has(l)) process.off(event as 'uncaughtException', l);
    });
  };
}
