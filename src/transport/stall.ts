/**
 * How long this thread was held up while an exchange was in flight: the longest gap between two ticks of a
 * short timer, beyond its period, between sending the request and reading the last byte.
 *
 * Why: a stream's timing is read at the client. When the harness's own thread is starved (a loaded CI
 * runner, a busy worker), the kernel buffers everything the server sent during the stall and the next read
 * returns all of it at once, which looks exactly like a server that buffered its answer. A timing-based
 * verdict (`stream.incremental`) is decisive only when the reader was not held up; this number is its control.
 *
 * Hand-written rather than `perf_hooks.monitorEventLoopDelay`: with several histograms alive in one thread
 * (one per exchange in flight), Node's histograms took a handful of samples per second and missed a 400 ms
 * block about half the time (measured in this project's tests). One shared ticker, running only while some
 * exchange is in flight (unref'd: it never keeps the process alive), feeds every open watch. Only streamed
 * requests are watched (the one reading that needs it), and only stalls that ended once the body had begun count.
 */
const TICK_MS = 5;

interface Watch {
  /** The stalls seen while this watch was open: when each ended (performance.now()) and how long it was, in ms. */
  stalls: { endedAt: number; ms: number }[];
}

const open = new Set<Watch>();
let ticker: ReturnType<typeof setInterval> | undefined;
let lastTick = 0;

function tick(): void {
  const now = performance.now();
  const late = now - lastTick - TICK_MS;
  lastTick = now;
  if (late >= TICK_MS) for (const w of open) w.stalls.push({ endedAt: now, ms: late });
}

/**
 * Starts watching; the returned function stops and gives the longest stall in whole ms (0 when none) among
 * those that ended at or after `from` (performance.now() time): a stall while the request waited for its first
 * byte cannot have merged the body's reads, one that ended as the body was read can.
 */
export function watchStall(): (from?: number) => number {
  const w: Watch = { stalls: [] };
  const started = performance.now();
  if (!ticker) {
    lastTick = performance.now();
    ticker = setInterval(tick, TICK_MS);
    ticker.unref();
  }
  open.add(w);
  return (from = started) => {
    // The gap since the last tick counts too: a stall that ended just before the last byte was read.
    const now = performance.now();
    const pending = now - Math.max(lastTick, started) - TICK_MS;
    if (pending >= TICK_MS) w.stalls.push({ endedAt: now, ms: pending });
    open.delete(w);
    if (!open.size && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
    const relevant = w.stalls.filter((x) => x.endedAt >= from).map((x) => x.ms);
    return Math.max(0, Math.round(Math.max(0, ...relevant)));
  };
}
