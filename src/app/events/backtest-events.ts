import type pg from "pg";
import type { Logger } from "../../core/logger.ts";
import { BACKTEST_CHANNEL } from "../../jobs/index.ts";
import type { BacktestService } from "../backtests/backtest-service.ts";
import type { EventHub } from "./event-hub.ts";

/**
 * Turns backtest notifications (every replica LISTENs) into `backtests` events for this replica's
 * clients: `progress` while pending or running, `complete` with the stats when it ends.
 */
export async function relayBacktestEvents(
  pool: pg.Pool,
  backtests: BacktestService,
  hub: EventHub,
  logger: Logger,
): Promise<() => Promise<void>> {
  const client = await pool.connect();
  const onNotification = (message: pg.Notification) => {
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
  return async () => {
    client.off("notification", onNotification);
    await client.query(`UNLISTEN ${BACKTEST_CHANNEL}`).catch(() => undefined);
    client.release();
  };
}
