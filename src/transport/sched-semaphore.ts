/** A counting semaphore with a FIFO queue: bounds the requests in flight at once. */
export class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`concurrency must be an integer >= 1, got ${limit}`);
  }

  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Hands the slot straight to the next waiter, so a late arrival cannot overtake the queue. */
  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }

  get waiting(): number {
    return this.queue.length;
  }
}
