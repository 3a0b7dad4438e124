import { LiveClock } from "../../core/clock.ts";
import type { Config } from "../../core/config.ts";
import type { Logger } from "../../core/logger.ts";
import { resolveRiskLimits } from "../../risk/index.ts";
import type { Database } from "../../storage/index.ts";
import { RiskService } from "./risk-service.ts";

/** The paper account's risk service with the default limits, loaded from the database (or created). */
export async function createRiskService(
  database: Database,
  config: Config,
  logger: Logger,
  scope = "paper",
): Promise<RiskService> {
  const service = new RiskService(database, resolveRiskLimits(), new LiveClock(), logger, scope);
  await service.load(config.PAPER_STARTING_BALANCE);
  return service;
}
