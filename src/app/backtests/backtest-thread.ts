// Worker-thread entry of one backtest: runs it off the main thread, so the API stays responsive and a
// cancel can stop it at once (the thread is terminated).
import { parentPort, workerData } from "node:worker_threads";
import { tradeOutput } from "../../backtest/index.ts";
import { type BacktestRequest, runBacktestJob } from "../run-backtest.ts";

const request = workerData as BacktestRequest;
/** At most this many of the newest trades travel with one progress message. */
const STREAM_TRADES = 50;
let last = 0;
let tradesSent = 0;
try {
  const result = await runBacktestJob({
    ...request,
    onProgress: (done, total, snapshot) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      // Only the newest trades travel while running (the complete list comes with the results).
      const from = Math.max(tradesSent, snapshot.trades.length - STREAM_TRADES);
      const fresh = snapshot.trades.slice(from);
      const omitted = from - tradesSent;
      tradesSent = snapshot.trades.length;
      parentPort?.postMessage({
        type: "progress",
        fraction: total > 0 ? done / total : 1,
        trades: fresh.map(tradeOutput),
        equity: { time: snapshot.time, value: snapshot.equity },
        omitted,
      });
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
      warnings: result.warnings,
    },
  });
} catch (error) {
  parentPort?.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
}
