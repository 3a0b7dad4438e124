/**
 * The detection engine (port of the original system's `src/detection`): candle patterns, market
 * structure, market cycles and the multi-timeframe confluence scorer that turns them into trade
 * signals with a JSON reasoning record. Only closed candles are read. Imports `core` and `data`.
 */
export * from "./candle-metrics.ts";
export * from "./candle-patterns.ts";
export * from "./confluence-options.ts";
export * from "./confluence-scorer.ts";
export * from "./market-cycle-classifier.ts";
export * from "./market-cycle-metrics.ts";
export * from "./market-structure.ts";
export * from "./pattern-scan.ts";
export * from "./score-observer.ts";
export * from "./signal-detector.ts";
export * from "./signal-types.ts";
export * from "./support-resistance-zones.ts";
export * from "./swing-points.ts";
export * from "./timeframe-analysis.ts";
export * from "./trade-signal.ts";
