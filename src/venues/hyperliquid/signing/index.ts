/** Hyperliquid signing: L1 action hashing, user-signed typed data, a private-key wallet, signer recovery. */
export * from "./l1-action.ts";
export * from "./private-key-wallet.ts";
export * from "./signer-recovery.ts";
export * from "./typed-data.ts";
export * from "./user-signed-action.ts";
