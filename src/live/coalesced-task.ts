/**
 * Runs an async task at most once at a time. `join` mode: a call while it runs gets the running promise.
 * `repeat` mode: a call while it runs asks for one more run after it (so nothing requested meanwhile is
 * missed) and gets the promise of the whole series. The task handles its own errors.
 */
export class CoalescedTask {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly mode: "join" | "repeat",
  ) {}

  run(): Promise<void> {
    if (this.running !== undefined) {
      if (this.mode === "repeat") this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.task();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
