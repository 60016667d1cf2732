/**
 * The answers identical requests share within a run, bounded in memory. Every answer a later case may
 * ask for again is kept, with its body bytes counted; past the budget the least recently used settled
 * answers are dropped (a later identical request is then sent again: it costs a request, never a
 * verdict). An ordinary run keeps everything: its bodies total a few MiB. A flood target (4 MiB bodies
 * of tiny SSE events, every analysis of them held with the exchange) would otherwise hold the whole run.
 */
import type { Exchange } from '../transport/types.js';

/**
 * Body bytes of the shared answers kept at once. What is held per answer is many times its bytes (a
 * stream's parsed events and analyses live as long as its exchange: ~15x for tiny events), so the
 * budget is small; an ordinary run's bodies total well under it and nothing is ever dropped.
 */
export const SHARED_BODY_BUDGET = 4 * 1024 * 1024;

export class SharedAnswers {
  private readonly entries = new Map<string, { answer: Promise<Exchange>; bytes: number }>();
  private total = 0;

  constructor(private readonly budget = SHARED_BODY_BUDGET) {}

  /** The answer for `key`, marked as just used. */
  get(key: string): Promise<Exchange> | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.answer;
  }

  set(key: string, answer: Promise<Exchange>): void {
    const entry = { answer, bytes: 0 };
    this.entries.set(key, entry);
    answer.then(
      (ex) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = ex.response?.bodyBytes ?? 0;
        this.total += entry.bytes;
        this.evict();
      },
      () => {},
    );
  }

  /** Oldest first, never the only entry: the answer just added is in use by the case that asked for it. */
  private evict(): void {
    for (const [key, e] of this.entries) {
      if (this.total <= this.budget || this.entries.size <= 1) return;
      if (!e.bytes) continue;
      this.entries.delete(key);
      this.total -= e.bytes;
    }
  }

  get keptBytes(): number {
    return this.total;
  }
}
