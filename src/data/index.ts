/**
 * Market data: the columnar candle series, CSV and binary loaders, and resampling without
 * look-ahead. Imports nothing internal but `core/`.
 */
export * from "./candle-binary.ts";
export * from "./candle-cache.ts";
export * from "./candle-csv-parser.ts";
export * from "./candle-file-error.ts";
export * from "./candle-resampler.ts";
export * from "./candle-series.ts";
export * from "./decimal-parser.ts";
export * from "./funding-csv-parser.ts";
export * from "./funding-settlements.ts";
export * from "./iso-timestamp.ts";
export * from "./load-funding-file.ts";
export * from "./resample.ts";
