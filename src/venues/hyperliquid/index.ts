/**
 * Hyperliquid venue: wire schemas, price/size rounding, signing and signer recovery.
 * Other folders import only through this file.
 */

export * from "./candle-pages.ts";
export * from "./network.ts";
export * from "./request-retry.ts";
export * from "./rounding.ts";
export * from "./signing/index.ts";
export * from "./wire/index.ts";
