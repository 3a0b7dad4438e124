/**
 * The maximum of the last `period` values in amortized O(1) per update: a monotonic queue (values
 * decreasing from front to back) kept in preallocated ring buffers. Internal to the indicators.
 */
export class RollingMaximum {
  private readonly period: number;
  private readonly values: Float64Array;
  private readonly positions: Float64Array;
  private head = 0;
  private size = 0;
  private position = 0;

  /** @param period window length in values, a positive integer (validated by the caller). */
  constructor(period: number) {
    this.period = period;
    this.values = new Float64Array(period);
    this.positions = new Float64Array(period);
  }

  /** Whether `period` values have been pushed since construction or `reset()`. */
  get isFull(): boolean {
    return this.position >= this.period;
  }

  /** Adds `value` and returns the maximum of the last `period` values pushed (fewer while filling). */
  push(value: number): number {
    const period = this.period;
    const values = this.values;
    const position = this.position;
    this.position = position + 1;
    let head = this.head;
    let size = this.size;
    if (size > 0 && (this.positions[head] as number) <= position - period) {
      head = head + 1 === period ? 0 : head + 1;
      size--;
    }
    while (size > 0) {
      let back = head + size - 1;
      if (back >= period) back -= period;
      if ((values[back] as number) > value) break;
      size--;
    }
    let slot = head + size;
    if (slot >= period) slot -= period;
    values[slot] = value;
    this.positions[slot] = position;
    this.head = head;
    this.size = size + 1;
    return values[head] as number;
  }

  /** Empties the window. */
  reset(): void {
    this.head = 0;
    this.size = 0;
    this.position = 0;
  }
}
