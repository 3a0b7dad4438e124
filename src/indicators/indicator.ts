/**
 * The shape every incremental indicator of this folder shares, and the input column types of the
 * batch functions.
 */
import type { CandleSeries } from "../data/index.ts";

/**
 * An incremental indicator: each `update(...)` consumes one bar (or value) in O(1) time without
 * allocating, and returns the newest value, which is `NaN` while the indicator is warming up
 * (never 0).
 */
export interface Indicator {
  /** The newest primary output, `NaN` during warm-up. */
  readonly value: number;
  /** True once every output of the indicator has left its warm-up (all outputs are defined). */
  readonly isReady: boolean;
  /**
   * The number of leading updates whose primary output is `NaN` on well-formed input, e.g.
   * `period − 1` for a simple moving average.
   */
  readonly warmUpLength: number;
  /** Forgets every consumed value; the indicator is as new (no allocation). */
  reset(): void;
}

/** An incremental indicator over one number per update (usually a closing price). */
export interface ValueIndicator extends Indicator {
  /** Consumes `value` and returns the newest output (`NaN` during warm-up). */
  update(value: number): number;
}

/** An incremental indicator over the high, low and close of each bar. */
export interface HighLowCloseIndicator extends Indicator {
  /** Consumes one bar and returns the newest output (`NaN` during warm-up). */
  update(high: number, low: number, close: number): number;
}

/** The columns a high/low/close batch function reads; a {@link CandleSeries} fits. */
export type HighLowCloseColumns = Pick<CandleSeries, "high" | "low" | "close">;

/** The columns a high/low batch function reads; a {@link CandleSeries} fits. */
export type HighLowColumns = Pick<CandleSeries, "high" | "low">;
