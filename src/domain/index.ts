export * from "./account.ts";
export * from "./account-ledger.ts";
export * from "./candle.ts";
export * from "./fill.ts";
export * from "./instrument.ts";
export * from "./order.ts";
export * from "./order-status.ts";
export * from "./position.ts";
