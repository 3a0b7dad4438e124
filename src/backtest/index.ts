export * from "./backtest-output.ts";
export * from "./backtest-runner.ts";
export * from "./html-report.ts";
export * from "./simulated-execution-client.ts";
export * from "./statistics.ts";
