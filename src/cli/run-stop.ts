/**
 * How a run ends early from the CLI's side: Ctrl-C / SIGTERM and the deadline's backstop. The first
 * signal asks the worker to stop (see run/control.ts) so every case left ends `inconclusive` and vitest
 * finishes its reporters (junit.xml, Allure) normally; if the worker has not finished 15 s later, or on
 * a second signal, vitest's run is cancelled. The results are written either way.
 */
import type { Vitest } from 'vitest/node';
import { broadcastStop } from '../run/control.js';
import type { StopReason } from '../transport/sched-guard.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

// Time the worker gets to wind down after being told to stop, before vitest's run is cancelled.
const GRACE_MS = 15_000;

export class RunStopper {
  signal: StopSignal | undefined;
  /**
   * The deadline's stop once it passed, told to the worker. On a loaded machine the deadline can pass
   * before the worker runs a case (vitest still starting): its run is then cancelled with nothing
   * reported, and the run still ends as a deadline stop, every selected case not reached.
   */
  deadline: StopReason | undefined;
  private vitest: Vitest | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly onSignal = (sig: StopSignal) => this.interrupt(sig);

  constructor(
    private readonly channel: string,
    deadlineAt?: number,
  ) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    if (deadlineAt !== undefined) {
      // The worker enforces the deadline itself; this is the backstop for a worker that does not return.
      const at = (ms: number, fn: () => void) => this.timers.push(setTimeout(fn, Math.max(0, ms - Date.now())).unref());
      at(deadlineAt, () => {
        this.deadline = { kind: 'deadline', message: `not reached: the run's deadline passed (${new Date(deadlineAt).toISOString()})` };
        this.tell(this.deadline);
      });
      at(deadlineAt + GRACE_MS, () => this.cancel());
    }
  }

  /**
   * A reporter whose only job is to take the signals over from vitest, whose own handler exits the
   * process at once (losing everything observed); it also hands over the vitest instance to cancel.
   */
  reporter() {
    return {
      onInit: (vitest: Vitest) => {
        this.vitest = vitest;
        for (const sig of ['SIGINT', 'SIGTERM'] as const) {
          for (const l of process.listeners(sig)) if (l !== this.onSignal) process.off(sig, l as never);
        }
        if (this.signal) void this.cancel();
      },
    };
  }

  private interrupt(sig: StopSignal): void {
    if (this.signal) {
      void this.cancel();
      return;
    }
    this.signal = sig;
    this.tell({ kind: 'interrupted', message: `not reached: the run was interrupted (${sig})` });
    this.timers.push(setTimeout(() => void this.cancel(), GRACE_MS).unref());
  }

  private tell(reason: StopReason): void {
    broadcastStop(this.channel, reason);
  }

  private async cancel(): Promise<void> {
    await this.vitest?.cancelCurrentRun('keyboard-input').catch(() => {});
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    for (const t of this.timers) clearTimeout(t);
  }
}
