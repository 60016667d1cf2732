/**
 * The CLI's line to the suites' RunContext: a Ctrl-C (or the run's deadline, as a backstop) is forwarded
 * on a BroadcastChannel named per run. The suites run in the CLI's own thread (run/in-thread-pool.ts);
 * the channel is the same line a worker thread would need, and keeps the context free of the CLI's
 * signal handling. The RunContext stops: nothing more is sent, requests in flight are aborted, and the
 * cases not yet observed end `inconclusive` at once, so vitest still finishes its reporters.
 */
import { BroadcastChannel } from 'node:worker_threads';
import type { StopReason } from '../transport/sched-guard.js';

interface StopMessage {
  stop: StopReason;
}

/** Worker side: calls `onStop` when the CLI asks. The channel never keeps the thread alive. */
export function listenForStop(name: string, onStop: (reason: StopReason) => void): () => void {
  const channel = new BroadcastChannel(name);
  channel.unref();
  channel.onmessage = (event) => {
    const data = (event as { data?: StopMessage }).data;
    if (data?.stop?.kind && typeof data.stop.message === 'string') onStop(data.stop);
  };
  return () => channel.close();
}

/** CLI side: tells every listener on the channel to stop. */
export function broadcastStop(name: string, reason: StopReason): void {
  const channel = new BroadcastChannel(name);
  channel.postMessage({ stop: reason } satisfies StopMessage);
  channel.close();
}
