import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.ts";
import { ConfigError } from "../../src/core/errors.ts";

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies the documented defaults: paper trading on the simulator, embedded database, port 8000", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: "development",
      PORT: 8000,
      WEB_PORT: 3000,
      HL_NETWORK: "simulator",
      HL_ALLOW_MAINNET: false,
      PG_DATA_DIR: "./var/postgres",
      LOG_LEVEL: "info",
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it("parses valid values and treats empty strings as unset", () => {
    const config = loadConfig({
      PORT: "9001",
      HL_NETWORK: "testnet",
      DATABASE_URL: "postgres://u:p@db:5432/x",
      REDIS_URL: "",
    });
    expect(config.PORT).toBe(9001);
    expect(config.HL_NETWORK).toBe("testnet");
    expect(config.DATABASE_URL).toBe("postgres://u:p@db:5432/x");
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    ["PORT", "abc", "integer port number between 1 and 65535"],
    ["PORT", "70000", "between 1 and 65535"],
    ["PORT", "80.5", "integer port"],
    ["WEB_PORT", "-1", "between 0 (any free port) and 65535"],
    ["NODE_ENV", "staging", "development, production or test"],
    ["LOG_LEVEL", "loud", "one of fatal, error"],
    ["HL_NETWORK", "devnet", "simulator, testnet or mainnet"],
    ["HL_ALLOW_MAINNET", "maybe", "true, false"],
    ["DB_POOL_MAX", "-1", "between 1 and 200"],
    ["DATABASE_URL", "mysql://x", "PostgreSQL URL"],
    ["REDIS_URL", "localhost:6379", "Redis URL"],
    ["HL_ACCOUNT_ADDRESS", "0x123", "20-byte hex address"],
  ])("rejects %s=%s naming the variable, the value and what is allowed", (variable, value, allowed) => {
    const error = errorOf({ [variable]: value });
    expect(error.message).toContain(`${variable}=`);
    expect(error.message).toContain(allowed);
    if (variable !== "DATABASE_URL" && variable !== "REDIS_URL")
      expect(error.message).toContain(JSON.stringify(value));
  });

  it("never echoes a secret value", () => {
    const secret = "0xnot-a-key-but-secret-text";
    const error = errorOf({ HL_AGENT_PRIVATE_KEY: secret, DATABASE_URL: "http://user:hunter2@host" });
    expect(error.message).toContain("HL_AGENT_PRIVATE_KEY=(redacted)");
    expect(error.message).toContain("DATABASE_URL=(redacted)");
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain("hunter2");
  });

  it("reports every bad variable at once", () => {
    const error = errorOf({ PORT: "x", NODE_ENV: "y" });
    expect(error.message).toMatch(/PORT=.*\n.*NODE_ENV=|NODE_ENV=.*\n.*PORT=/s);
  });

  it("refuses mainnet without the explicit HL_ALLOW_MAINNET=true", () => {
    expect(errorOf({ HL_NETWORK: "mainnet" }).message).toContain("HL_ALLOW_MAINNET=true");
    expect(loadConfig({ HL_NETWORK: "mainnet", HL_ALLOW_MAINNET: "true" }).HL_NETWORK).toBe("mainnet");
  });
});

describe("risk limits from configuration", () => {
  it("merges RISK_LIMITS over the defaults and names a bad limit", async () => {
    const { riskLimitsFromConfig } = await import("../../src/app/risk/create-risk-service.ts");
    const limits = riskLimitsFromConfig(
      loadConfig({ RISK_LIMITS: '{"riskPerTradePercent":1,"maxConcurrentPositions":2}' }),
    );
    expect(limits).toMatchObject({
      riskPerTradePercent: 1,
      maxConcurrentPositions: 2,
      dailyLossLimitPercent: 3,
    });
    expect(() => loadConfig({ RISK_LIMITS: "not json" })).toThrow(/RISK_LIMITS=.*JSON object/);
    expect(() => riskLimitsFromConfig(loadConfig({ RISK_LIMITS: '{"maxLeverage":0.5}' }))).toThrow(
      /RISK_LIMITS: .*maxLeverage/,
    );
  });
});
