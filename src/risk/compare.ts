/** Relative tolerance for limit comparisons, so float rounding never flips a decision at the limit. */
export const LIMIT_TOLERANCE = 1e-9;

/** True when `value` is at or above `limit` (within {@link LIMIT_TOLERANCE}). */
export function reaches(value: number, limit: number): boolean {
  return value >= limit - Math.abs(limit) * LIMIT_TOLERANCE;
}

/** True when `value` is strictly above `limit` (beyond {@link LIMIT_TOLERANCE}). */
export function exceeds(value: number, limit: number): boolean {
  return value > limit + Math.abs(limit) * LIMIT_TOLERANCE;
}
