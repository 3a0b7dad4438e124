import type pg from "pg";
import type { Logger } from "../../core/logger.ts";
import { RISK_STATE_CHANNEL } from "../../storage/index.ts";
import type { RiskService } from "./risk-service.ts";

/**
 * Listens for risk state changes made by other processes (the CLI, another API replica) and reloads the
 * service's state, so a breaker tripped anywhere stops entries everywhere.
 */
export async function watchRiskState(
  pool: pg.Pool,
  service: RiskService,
  logger: Logger,
): Promise<() => Promise<void>> {
  const client = await pool.connect();
  const onNotification = (message: pg.Notification) => {
    if (message.channel !== RISK_STATE_CHANNEL || message.payload !== service.scope) return;
    service
      .reload()
      .catch((error: unknown) =>
        logger.error({ err: error, event: "risk_reload_failed" }, "risk reload failed"),
      );
  };
  client.on("notification", onNotification);
  await client.query(`LISTEN ${RISK_STATE_CHANNEL}`);
  return async () => {
    client.off("notification", onNotification);
    await client.query(`UNLISTEN ${RISK_STATE_CHANNEL}`).catch(() => undefined);
    client.release();
  };
}
