// Worker-thread entry of one backtest: runs it off the main thread, so the API stays responsive and a
// cancel can stop it at once (the thread is terminated).
import { parentPort, workerData } from "node:worker_threads";
import { type BacktestRequest, runBacktestJob } from "../run-backtest.ts";

const request = workerData as BacktestRequest;
let last = 0;
try {
  const result = await runBacktestJob({
    ...request,
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      parentPort?.postMessage({ type: "progress", fraction: total > 0 ? done / total : 1 });
    },
  });
  const { stats, trades, equity, perf, risk } = result.output;
  parentPort?.postMessage({
    type: "result",
    results: {
      stats,
      trades,
      equity,
      perf,
      risk,
      strategy: result.strategy,
      instruments: result.instruments,
    },
  });
} catch (error) {
  parentPort?.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
}
