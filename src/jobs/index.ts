export * from "./backtest-queue.ts";
