import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BACKTEST_NODE_OPTIONS } from "../../backtest/node-options.ts";
import type { BacktestExecutor } from "../../jobs/index.ts";
import type { BacktestRequest } from "../run-backtest.ts";
import { type BacktestConfig, BacktestConfigSchema } from "./backtest-config.ts";
import { type DatasetFolders, datasetPath } from "./datasets.ts";

const ENTRY = fileURLToPath(new URL("./backtest-process.ts", import.meta.url));
/** The backtest process loads TypeScript through tsx, resolved from here (whatever the working folder). */
const NODE_ARGUMENTS = [...BACKTEST_NODE_OPTIONS, "--import", import.meta.resolve("tsx")];

/** What the backtest process sends: progress with new trades and equity, the results, or an error. */
interface ProcessMessage {
  type: "progress" | "result" | "error";
  fraction?: number;
  trades?: unknown[];
  equity?: { time: number; value: number };
  omitted?: number;
  results?: unknown;
  message?: string;
}

/** Turns a stored configuration into the request of {@link runBacktestJob}. */
export function backtestRequest(config: BacktestConfig, folders: DatasetFolders): BacktestRequest {
  return {
    dataFiles: [datasetPath(folders, config.dataset)],
    strategy: config.strategy,
    params: Object.entries(config.params).map(([key, value]) => `${key}=${value}`),
    cash: config.cash,
    ...(config.commission !== undefined ? { commission: config.commission } : {}),
    ...(config.maker !== undefined ? { maker: config.maker } : {}),
    ...(config.taker !== undefined ? { taker: config.taker } : {}),
    ...(config.slippageBps !== undefined ? { slippageBps: config.slippageBps } : {}),
    leverage: config.leverage,
    sizing: config.sizing,
    exclusiveOrders: config.exclusiveOrders,
    finalizeTrades: config.finalizeTrades,
    ...(config.from !== undefined ? { from: config.from } : {}),
    ...(config.to !== undefined ? { to: config.to } : {}),
    risk: config.risk || config.riskLimits !== undefined,
    riskLimits: Object.entries(config.riskLimits ?? {}).map(
      ([key, value]) => `${key}=${typeof value === "object" ? JSON.stringify(value) : value}`,
    ),
  };
}

/**
 * Runs each backtest in a child process of its own, started with the backtests' node options
 * (`BACKTEST_NODE_OPTIONS`): progress flows back as messages, and a cancel kills the process (the
 * run stops at once, whatever it is doing).
 */
export function processBacktestExecutor(folders: DatasetFolders): BacktestExecutor {
  return async (stored, hooks) => {
    const config = BacktestConfigSchema.parse(stored);
    const request = backtestRequest(config, folders);
    return await new Promise((resolve, reject) => {
      const child = fork(ENTRY, [], {
        execArgv: NODE_ARGUMENTS,
        serialization: "advanced",
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      let settled = false;
      const finish = (action: () => void) => {
        if (settled) return;
        settled = true;
        action();
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      };
      child.on("message", (message: ProcessMessage) => {
        if (message.type === "progress") {
          hooks.progress(message.fraction ?? 0);
          if ((message.trades?.length ?? 0) > 0 || message.equity)
            hooks.stream?.({
              trades: message.trades ?? [],
              equity: message.equity ?? null,
              omitted: message.omitted ?? 0,
            });
        } else if (message.type === "result") finish(() => resolve(message.results));
        else if (message.type === "error") finish(() => reject(new Error(message.message)));
      });
      child.on("error", (error) => finish(() => reject(error)));
      child.on("exit", (code, signal) =>
        finish(() => reject(new Error(`backtest process exited with ${signal ?? `code ${code}`}`))),
      );
      void hooks.cancelled.then(() => finish(() => reject(new Error("cancelled"))));
      child.send(request);
    });
  };
}
