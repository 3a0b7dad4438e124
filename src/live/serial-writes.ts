/**
 * The node's database writes, run one after another in the order they were queued; a failed write is
 * reported and does not stop the ones after it.
 */
export class SerialWrites {
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Queues `write` after every write queued so far. */
  enqueue(write: () => Promise<unknown>): void {
    this.writes = this.writes.then(write).then(
      () => undefined,
      (error: unknown) => this.onError(error),
    );
  }

  /** Waits until every write queued so far (and any queued while waiting) is done. */
  async flush(): Promise<void> {
    let pending: Promise<void>;
    do {
      pending = this.writes;
      await pending;
    } while (pending !== this.writes);
  }
}
