/**
 * Hyperliquid's nonce rules, per signer (user or agent key): the 100 highest nonces are kept; a new
 * nonce must not have been used, must be larger than the smallest kept one once 100 are kept, and
 * must lie within (now − 2 days, now + 1 day).
 */

/** How many nonces are kept per signer. */
export const NONCES_KEPT = 100;
/** How far in the past a nonce may lie, ms. */
export const NONCE_PAST_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
/** How far in the future a nonce may lie, ms. */
export const NONCE_FUTURE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Per-signer nonce sets. */
export class NonceTracker {
  /** Sorted ascending, at most NONCES_KEPT entries. */
  private readonly used = new Map<string, number[]>();

  /**
   * Checks a nonce without recording it.
   * @returns null when acceptable, otherwise Hyperliquid's message (`Invalid nonce: …`).
   */
  check(signer: string, nonce: number, now: number): string | null {
    const lowest = now - NONCE_PAST_WINDOW_MS;
    const highest = now + NONCE_FUTURE_WINDOW_MS;
    if (nonce <= lowest) return `Invalid nonce: nonce too low ${nonce} < ${lowest}`;
    if (nonce >= highest) return `Invalid nonce: nonce too high ${nonce} > ${highest}`;
    const kept = this.used.get(signer);
    if (!kept) return null;
    if (binarySearch(kept, nonce) >= 0) return `Invalid nonce: duplicate nonce ${nonce}`;
    const smallest = kept[0];
    if (kept.length >= NONCES_KEPT && smallest !== undefined && nonce <= smallest) {
      return `Invalid nonce: nonce too low ${nonce} < ${smallest}`;
    }
    return null;
  }

  /** Records a used nonce (call after {@link check} accepted it). */
  record(signer: string, nonce: number): void {
    let kept = this.used.get(signer);
    if (!kept) {
      kept = [];
      this.used.set(signer, kept);
    }
    const position = binarySearch(kept, nonce);
    if (position >= 0) return;
    kept.splice(-position - 1, 0, nonce);
    if (kept.length > NONCES_KEPT) kept.shift();
  }

  /** Checks and, when acceptable, records; returns the error message or null. */
  use(signer: string, nonce: number, now: number): string | null {
    const error = this.check(signer, nonce, now);
    if (error === null) this.record(signer, nonce);
    return error;
  }
}

/** Index of `value` in the sorted array, or −(insertion point) − 1. */
function binarySearch(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const item = sorted[middle] as number;
    if (item < value) low = middle + 1;
    else if (item > value) high = middle - 1;
    else return middle;
  }
  return -low - 1;
}
