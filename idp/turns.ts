/**
 * One turn at a time per key, in arrival order: the password and code checks of one username run one after the
 * other, so each sees the failures of those before it. A burst of parallel guesses is then answered as a row of
 * single guesses (the lock stops it after the limit), and parallel sign-ins of the same person wait a moment instead
 * of being refused. At most `maxWaiting` requests queue per key; more are refused at once.
 */

/** Ends a turn; calling it again does nothing. */
export type EndTurn = () => void;

export class Turns {
  private readonly queues = new Map<string, { waiting: number; tail: Promise<void> }>();

  constructor(readonly maxWaiting: number) {}

  /** Waits for `key`'s turn; undefined, at once, when `maxWaiting` requests already wait for it. */
  async take(key: string): Promise<EndTurn | undefined> {
    const queue = this.queues.get(key) ?? { waiting: 0, tail: Promise.resolve() };
    if (queue.waiting >= this.maxWaiting) return undefined;
    queue.waiting += 1;
    this.queues.set(key, queue);
    const previous = queue.tail;
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    queue.tail = previous.then(() => done);
    await previous;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      queue.waiting -= 1;
      if (queue.waiting === 0) this.queues.delete(key);
      end();
    };
  }

  /** Requests holding or waiting for `key`'s turn. */
  waitingFor(key: string): number {
    return this.queues.get(key)?.waiting ?? 0;
  }
}
