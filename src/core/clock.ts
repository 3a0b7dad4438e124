/** Source of "now" in integer milliseconds since the Unix epoch (UTC). */
export interface Clock {
  /** Current time in ms since the epoch. */
  now(): number;
}

/** The wall clock. */
export class LiveClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock that only moves when told to; for backtests and tests. */
export class TestClock implements Clock {
  private current: number;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Sets the time; throws when asked to move backwards. */
  set(timeMs: number): void {
    if (timeMs < this.current)
      throw new RangeError(`TestClock cannot move backwards (${timeMs} < ${this.current})`);
    this.current = timeMs;
  }

  /** Moves the time forward by `deltaMs` (≥ 0). */
  advance(deltaMs: number): void {
    this.set(this.current + deltaMs);
  }
}
