import { pino } from "pino";
import { type Config, loadConfig } from "../core/config.ts";
import { createLogger, type Logger } from "../core/logger.ts";

/** Configuration and a logger for a one-shot CLI command (logs go to stderr, warnings and up). */
export function commandContext(): { config: Config; logger: Logger } {
  const config = loadConfig();
  const level = config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL;
  const logger = pino({ level, name: "hlbot" }, pino.destination(2));
  return { config, logger };
}

/** Configuration and the service logger (JSON on stdout) for long-running commands. */
export function serviceContext(): { config: Config; logger: Logger } {
  const config = loadConfig();
  return { config, logger: createLogger({ level: config.LOG_LEVEL }) };
}
