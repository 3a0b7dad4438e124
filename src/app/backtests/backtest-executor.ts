import { Worker } from "node:worker_threads";
import type { BacktestExecutor } from "../../jobs/index.ts";
import type { BacktestRequest } from "../run-backtest.ts";
import { type BacktestConfig, BacktestConfigSchema } from "./backtest-config.ts";
import { type DatasetFolders, datasetPath } from "./datasets.ts";

const THREAD = new URL("./backtest-thread.ts", import.meta.url);
// Worker threads do not inherit the tsx loader: register it first, then load the TypeScript entry.
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(THREAD.href)}); });`;

/** What the backtest thread posts: progress with new trades and equity, the results, or an error. */
interface ThreadMessage {
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
 * Runs backtests in worker threads: progress flows back as messages, and a cancel terminates the
 * thread (the run stops at once, whatever it is doing).
 */
export function threadBacktestExecutor(folders: DatasetFolders): BacktestExecutor {
  return async (stored, hooks) => {
    const config = BacktestConfigSchema.parse(stored);
    const request = backtestRequest(config, folders);
    return await new Promise((resolve, reject) => {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: request });
      let settled = false;
      const finish = (action: () => void) => {
        if (settled) return;
        settled = true;
        action();
        void worker.terminate();
      };
      worker.on("message", (message: ThreadMessage) => {
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
      worker.on("error", (error) => finish(() => reject(error)));
      worker.on("exit", (code) =>
        finish(() => reject(new Error(`backtest thread exited with code ${code}`))),
      );
      void hooks.cancelled.then(() => finish(() => reject(new Error("cancelled"))));
    });
  };
}
