import type pg from "pg";
import type { Logger } from "../../core/logger.ts";
import { BACKTEST_CHANNEL, BACKTEST_STREAM_CHANNEL, type BacktestStreamMessage } from "../../jobs/index.ts";
import type { BacktestService } from "../backtests/backtest-service.ts";
import type { EventHub } from "./event-hub.ts";

/**
 * Turns backtest notifications (every replica LISTENs) into `backtests` events for this replica's
 * clients: `progress` while pending or running, `trade` for each trade closed and `equity` as the run
 * goes on, and `complete` with the stats when it ends. Every event's data carries the backtest `id`.
 */
export async function relayBacktestEvents(
  pool: pg.Pool,
  backtests: BacktestService,
  hub: EventHub,
  logger: Logger,
): Promise<() => Promise<void>> {
  const client = await pool.connect();
  const onNotification = (message: pg.Notification) => {
    if (message.channel === BACKTEST_STREAM_CHANNEL && message.payload) {
      relayStream(message.payload, hub, logger);
      return;
    }
    if (message.channel !== BACKTEST_CHANNEL || !message.payload) return;
    backtests
      .get(message.payload)
      .then((summary) => {
        const finished =
          summary.status === "completed" || summary.status === "failed" || summary.status === "cancelled";
        hub.deliverLocal({ channel: "backtests", event: finished ? "complete" : "progress", data: summary });
      })
      .catch((error: unknown) =>
        logger.warn({ err: error, event: "backtest_event_failed" }, "backtest event failed"),
      );
  };
  client.on("notification", onNotification);
  await client.query(`LISTEN ${BACKTEST_CHANNEL}`);
  await client.query(`LISTEN ${BACKTEST_STREAM_CHANNEL}`);
  return async () => {
    client.off("notification", onNotification);
    await client.query("UNLISTEN *").catch(() => undefined);
    client.release();
  };
}

/** One `trade` event per streamed trade (in order), then one `equity` event. */
function relayStream(payload: string, hub: EventHub, logger: Logger): void {
  let message: BacktestStreamMessage;
  try {
    message = JSON.parse(payload) as BacktestStreamMessage;
  } catch (error) {
    logger.warn(
      { err: error, event: "backtest_stream_unreadable" },
      "unreadable backtest stream notification",
    );
    return;
  }
  const { id, trades, equity, omitted } = message;
  for (const trade of trades) hub.deliverLocal({ channel: "backtests", event: "trade", data: { id, trade } });
  if (equity) {
    hub.deliverLocal({
      channel: "backtests",
      event: "equity",
      data: { id, time: equity.time, equity: equity.value, omittedTrades: omitted },
    });
  }
}
