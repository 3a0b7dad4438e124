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

/**
 * The security log: events such as `authentication_failed`, `account_locked`, `rate_limit_exceeded` and
 * emergency actions go both to the service log (stdout) and to their own file, which operators grep.
 */
export function createSecurityLogger(options: { level: string; file: string }): Logger {
  return pino(
    {
      level: options.level,
      name: "hlbot-security",
      redact: { paths: [...REDACTED_LOG_PATHS], censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream([
      { stream: process.stdout },
      { stream: pino.destination({ dest: options.file, mkdir: true, sync: false }) },
    ]),
  );
}
