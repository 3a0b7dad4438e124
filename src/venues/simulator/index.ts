/**
 * Local Hyperliquid-compatible exchange simulator: `startSimulator(options)`, its option validator for
 * the CLI, and the pluggable exchange-core interface.
 */
export * from "./fault-injector.ts";
export * from "./market-replay.ts";
export * from "./matching-exchange.ts";
export * from "./nonce-tracker.ts";
export * from "./signer-registry.ts";
export * from "./simulated-account.ts";
export * from "./simulated-exchange.ts";
export type { SignatureNetwork } from "./simulator-context.ts";
export { HL_MESSAGES } from "./simulator-context.ts";
export * from "./simulator-options.ts";
export * from "./simulator-server.ts";
export * from "./simulator-summary.ts";
export * from "./synthetic-book.ts";
