/**
 * Serialises and throttles the writes of one piece of in-memory state: `request(true)` writes as soon as
 * the previous write is done, `request(false)` at most once per `intervalMs` (trailing, so the last
 * change is always written). Requests made while a write is waiting to start share it, so a burst of
 * changes costs one write. Any other task that must not interleave with writes (a reload) goes through
 * {@link WriteScheduler.run}.
 */
export class WriteScheduler {
  private dirty = false;
  private chain: Promise<void> = Promise.resolve();
  private waiting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  /** Writes done so far (for measurements and tests). */
  completedWrites = 0;

  /**
   * @param write persists the current state; it reads the state when it starts, not when requested.
   * @param intervalMs least time between two non-urgent writes, ms (> 0).
   * @param onError called with a failed background write (the state stays dirty and is retried).
   */
  constructor(
    private readonly write: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Marks the state changed and schedules a write: now when `urgent`, else within `intervalMs`. */
  request(urgent: boolean): void {
    this.dirty = true;
    if (this.closed) return;
    const wait = this.lastWriteAt + this.intervalMs - performance.now();
    if (urgent || wait <= 0) {
      this.flush().catch(this.onError);
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(this.onError);
    }, wait);
    this.timer.unref();
  }

  /** Marks the state changed and writes it (after the writes already queued); rejects when it fails. */
  writeNow(): Promise<void> {
    this.dirty = true;
    return this.flush();
  }

  /** Writes the state if it changed (after the writes already queued); rejects when that write fails. */
  flush(): Promise<void> {
    if (this.waiting !== undefined) return this.waiting;
    const run = this.chain.then(async () => {
      this.waiting = undefined;
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await this.write();
        this.completedWrites++;
        this.lastWriteAt = performance.now();
      } catch (error) {
        this.dirty = true;
        throw error;
      }
    });
    this.waiting = run;
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Runs `task` after the queued writes and before any later one. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Stops the timer and writes what is still unwritten. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
