/** Zod schemas (and same-named types) for every Hyperliquid payload the adapter sends or acts on. */
export * from "./exchange-actions.ts";
export * from "./exchange-responses.ts";
export * from "./info-account.ts";
export * from "./info-market.ts";
export * from "./parse-wire.ts";
export * from "./primitives.ts";
export * from "./websocket.ts";
