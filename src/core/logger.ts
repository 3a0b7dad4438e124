import { type Logger, pino } from "pino";

export type { Logger };

/** Keys whose values are replaced by "[redacted]" in every log line. */
export const REDACTED_LOG_PATHS: readonly string[] = [
  "password",
  "*.password",
  "token",
  "*.token",
  "privateKey",
  "*.privateKey",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "databaseUrl",
  "*.databaseUrl",
];

/** Creates the JSON logger (pino) writing to stdout, with secrets redacted. */
export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    level: options.level,
    name: options.name ?? "hlbot",
    redact: { paths: [...REDACTED_LOG_PATHS], censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
