/** Trading node: Hyperliquid execution client, reconciliation, gap-fill, dead-man switch. */
export type * from "./account-risk-reporter.ts";
export * from "./cloid.ts";
export * from "./hyperliquid-execution-client.ts";
export * from "./live-series.ts";
export * from "./order-wire.ts";
export * from "./position-book.ts";
export * from "./reconciliation.ts";
export * from "./trading-node.ts";
export type * from "./trading-store.ts";
export * from "./venue-market.ts";
