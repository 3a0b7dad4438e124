/**
 * Incremental technical indicators: each has a class with an O(1), allocation-free `update(...)`
 * (output `NaN` during warm-up, never 0) and a batch function over `Float64Array` columns that runs
 * the class, so both forms agree exactly. Imports only `core/` and `data/`.
 */
export * from "./average-directional-index.ts";
export * from "./average-true-range.ts";
export * from "./bollinger-bands.ts";
export * from "./donchian-channel.ts";
export * from "./exponential-moving-average.ts";
export * from "./indicator.ts";
export * from "./moving-average-convergence-divergence.ts";
export * from "./relative-strength-index.ts";
export * from "./simple-moving-average.ts";
export * from "./stochastic-oscillator.ts";
export * from "./volume-weighted-average-price.ts";
export * from "./weighted-moving-average.ts";
