/**
 * The risk manager: limits, position sizing, the pre-trade check, the trading state with its circuit
 * breaker, and daily metrics. Pure: no I/O, no wall clock; time comes in as ms UTC.
 */
export * from "./account-state-overlay.ts";
export * from "./circuit-breaker.ts";
export * from "./compare.ts";
export * from "./correlation.ts";
export * from "./daily-metrics.ts";
export * from "./daily-metrics-serialization.ts";
export * from "./order-intent.ts";
export * from "./position-sizing.ts";
export * from "./pre-trade-check.ts";
export * from "./reason-codes.ts";
export * from "./risk-limits.ts";
export * from "./risk-state-reducer.ts";
export * from "./risk-state-serialization.ts";
export * from "./risk-status.ts";
export * from "./trading-state.ts";
export * from "./utc-day.ts";
