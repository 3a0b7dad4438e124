import { LiveClock } from "../../core/clock.ts";
import type { Config } from "../../core/config.ts";
import { ConfigError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import { type RiskLimits, resolveRiskLimits } from "../../risk/index.ts";
import type { Database } from "../../storage/index.ts";
import { RiskService } from "./risk-service.ts";

/**
 * The configured risk limits: the defaults with `RISK_LIMITS` (JSON) merged over them.
 * @throws {ConfigError} naming the bad limit, the value and what is allowed.
 */
export function riskLimitsFromConfig(config: Config): RiskLimits {
  try {
    return resolveRiskLimits(config.RISK_LIMITS);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: RISK_LIMITS: ${(error as Error).message}`);
  }
}

/** The paper account's risk service with the default limits, loaded from the database (or created). */
export async function createRiskService(
  database: Database,
  config: Config,
  logger: Logger,
  scope = "paper",
): Promise<RiskService> {
  const service = new RiskService(database, riskLimitsFromConfig(config), new LiveClock(), logger, scope);
  await service.load(config.PAPER_STARTING_BALANCE);
  return service;
}
