export * from "./closed-candles.ts";
export * from "./ports.ts";
export * from "./position-manager.ts";
export * from "./risk-gate.ts";
export * from "./sizing.ts";
export * from "./strategy.ts";
export * from "./trade-recorder.ts";
export * from "./trading-engine.ts";
