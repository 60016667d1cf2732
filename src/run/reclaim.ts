/**
 * A full garbage collection on demand: after a case that read a big answer, before a run's first case, and
 * once vitest is done. V8 sizes its heap from the machine's memory, not from what the run needs: without it
 * a flood target's parsed events pile up as garbage to 1 GB and more before V8 collects (the suites run in
 * the CLI's thread, whose heap limit is fixed at start). `--expose-gc` set at run time exposes `gc` in a new
 * context; if that is refused, nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

export function reclaim(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
