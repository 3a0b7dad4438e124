import { z } from "zod";
import { ConfigError } from "./errors.ts";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Variables whose values are secrets: their values are never echoed in errors or logs. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  "HL_AGENT_PRIVATE_KEY",
  "DATABASE_URL",
  "REDIS_URL",
]);

const port = (fallback: number) =>
  z.coerce
    .number({ error: "expected an integer port number between 1 and 65535" })
    .int("expected an integer port number between 1 and 65535")
    .min(1, "expected an integer port number between 1 and 65535")
    .max(65535, "expected an integer port number between 1 and 65535")
    .default(fallback);

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected one of true, false, 1, 0, yes, no" })
  .default("false")
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** A boolean variable with its own default. */
const booleanFlagDefault = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected one of true, false, 1, 0, yes, no" })
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true" || value === "1" || value === "yes");

const postgresUrl = z
  .string()
  .regex(
    /^postgres(ql)?:\/\/\S+$/,
    "expected a PostgreSQL URL such as postgres://user:password@host:5432/database",
  );

const redisUrl = z.string().regex(/^rediss?:\/\/\S+$/, "expected a Redis URL such as redis://127.0.0.1:6379");

/** The schema of every environment variable hlbot reads. Documented in `.env.example`. */
export const ConfigSchema = z
  .object({
    NODE_ENV: z
      .enum(["development", "production", "test"], { error: "expected development, production or test" })
      .default("development"),
    HOST: z.string().min(1, "expected a host name or IP address").default("127.0.0.1"),
    PORT: port(8000),
    WEB_PORT: z.coerce
      .number({ error: "expected an integer port number between 0 (any free port) and 65535" })
      .int("expected an integer port number between 0 (any free port) and 65535")
      .min(0, "expected an integer port number between 0 (any free port) and 65535")
      .max(65535, "expected an integer port number between 0 (any free port) and 65535")
      .default(3000),
    SECURITY_LOG_FILE: z.string().min(1, "expected a file path").default("./var/log/security.log"),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }).default("info"),
    DATABASE_URL: postgresUrl.optional(),
    DB_POOL_MAX: z.coerce
      .number({ error: "expected an integer between 1 and 200" })
      .int("expected an integer between 1 and 200")
      .min(1, "expected an integer between 1 and 200")
      .max(200, "expected an integer between 1 and 200")
      .default(10),
    PG_DATA_DIR: z.string().min(1, "expected a folder path").default("./var/postgres"),
    PG_PORT: port(54329),
    REDIS_URL: redisUrl.optional(),
    JWT_SECRET: z
      .string()
      .min(32, "expected at least 32 characters (shared by every API replica)")
      .optional(),
    ACCESS_TOKEN_TTL_MINUTES: z.coerce
      .number({ error: "expected an integer number of minutes between 15 and 60" })
      .int("expected an integer number of minutes between 15 and 60")
      .min(15, "expected an integer number of minutes between 15 and 60")
      .max(60, "expected an integer number of minutes between 15 and 60")
      .default(30),
    TRUST_PROXY: z
      .string()
      .regex(
        /^(true|false|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
        "expected false, true, or a comma-separated list of proxy addresses/CIDRs",
      )
      .default("127.0.0.1,::1")
      .transform((value): boolean | string[] =>
        value === "true" ? true : value === "false" ? false : value.split(",").map((item) => item.trim()),
      ),
    METRICS_ALLOWED_NETWORKS: z
      .string()
      .regex(
        /^[0-9a-fA-F.:]+(\/\d{1,3})?(,[0-9a-fA-F.:]+(\/\d{1,3})?)*$/,
        "expected a comma-separated list of addresses or CIDRs such as 127.0.0.1/32,10.0.0.0/8",
      )
      .default("127.0.0.1/32,::1/128")
      .transform((value) => value.split(",").map((item) => item.trim())),
    RISK_LIMITS: z
      .string()
      .default("{}")
      .transform((value, context) => {
        try {
          const parsed: unknown = JSON.parse(value);
          if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
            return parsed as Record<string, unknown>;
        } catch {
          // reported below
        }
        context.addIssue({
          code: "custom",
          message: 'expected a JSON object of risk limit overrides, e.g. {"riskPerTradePercent":1}',
        });
        return z.NEVER;
      }),
    PAPER_STARTING_BALANCE: z.coerce
      .number({ error: "expected a positive amount of USDC" })
      .positive("expected a positive amount of USDC")
      .max(1e12, "expected at most 1e12 USDC")
      .default(10_000),
    VENUE_FILE: z.string().min(1, "expected a file path").default("./var/venue.json"),
    SIMULATOR_SPEED: z.coerce
      .number({ error: "expected bars per second between 0 and 1000" })
      .min(0, "expected bars per second between 0 and 1000")
      .max(1000, "expected bars per second between 0 and 1000")
      .default(1),
    PAPER_BOT_AUTOSTART: booleanFlagDefault(true),
    HL_NETWORK: z
      .enum(["simulator", "testnet", "mainnet"], { error: "expected simulator, testnet or mainnet" })
      .default("simulator"),
    HL_ALLOW_MAINNET: booleanFlag,
    HL_ACCOUNT_ADDRESS: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte hex address")
      .optional(),
    HL_AGENT_PRIVATE_KEY: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/, "expected a 0x-prefixed 32-byte hex private key")
      .optional(),
  })
  .superRefine((config, context) => {
    if (config.HL_NETWORK === "mainnet" && !config.HL_ALLOW_MAINNET) {
      context.addIssue({
        code: "custom",
        path: ["HL_NETWORK"],
        message:
          "mainnet trading needs HL_ALLOW_MAINNET=true as well (testnet and simulator are the defaults)",
      });
    }
  });

/** Validated configuration. */
export type Config = z.infer<typeof ConfigSchema>;

/**
 * Reads and validates the configuration from environment variables.
 * Empty strings count as unset, so `.env` files with blank lines behave as expected.
 * @throws {ConfigError} naming every bad variable, the value received (redacted for secrets) and what is allowed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const result = ConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "configuration");
    const received = input[variable];
    const shown =
      received === undefined
        ? "(unset)"
        : SECRET_VARIABLES.has(variable)
          ? "(redacted)"
          : JSON.stringify(received);
    return `${variable}=${shown}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
}
