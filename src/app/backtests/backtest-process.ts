// Child-process entry of one backtest, started by the job queue's executor with the backtests' node
// options (src/backtest/node-options.ts): it runs off the API's process, so the API stays responsive,
// a cancel stops it at once (the process is killed), and a run that exhausts memory takes only itself
// down. The request arrives as the first IPC message; progress, the results or an error go back.
import { tradeOutput } from "../../backtest/index.ts";
import { type BacktestRequest, runBacktestJob } from "../run-backtest.ts";

/** At most this many of the newest trades travel with one progress message. */
const STREAM_TRADES = 50;

/** Sends `message` to the parent; resolves once it has left. */
function send(message: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

async function run(request: BacktestRequest): Promise<void> {
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
        void send({
          type: "progress",
          fraction: total > 0 ? done / total : 1,
          trades: fresh.map(tradeOutput),
          equity: { time: snapshot.time, value: snapshot.equity },
          omitted,
        });
      },
    });
    const { stats, trades, equity, perf, risk } = result.output;
    await send({
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
    await send({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
  process.disconnect?.();
}

process.once("message", (request: BacktestRequest) => void run(request));
