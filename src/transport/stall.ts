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
 * exchange is in flight (unref'd: it never keeps the process alive), feeds every open watch.
 */
const TICK_MS = 5;

const open = new Set<{ max: number }>();
let ticker: ReturnType<typeof setInterval> | undefined;
let lastTick = 0;

function tick(): void {
  const now = performance.now();
  const late = now - lastTick - TICK_MS;
  lastTick = now;
  for (const w of open) if (late > w.max) w.max = late;
}

/** Starts watching; the returned function stops and gives the longest stall in whole ms (0 when none). */
export function watchStall(): () => number {
  const w = { max: 0 };
  const started = performance.now();
  if (!ticker) {
    lastTick = performance.now();
    ticker = setInterval(tick, TICK_MS);
    ticker.unref();
  }
  open.add(w);
  return () => {
    // The gap since the last tick counts too: a stall that ended just before the last byte was read.
    const pending = performance.now() - Math.max(lastTick, started) - TICK_MS;
    open.delete(w);
    if (!open.size && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
    return Math.max(0, Math.round(Math.max(w.max, pending)));
  };
}
