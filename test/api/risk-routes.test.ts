import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";

describe("risk and emergency routes", () => {
  let harness: ApiHarness;
  let ip = 0;
  const call = (
    method: "GET" | "POST",
    url: string,
    role: keyof ApiHarness["tokenFor"],
    payload?: object,
  ) => {
    ip += 1;
    return harness.api.inject({
      method,
      url,
      headers: { authorization: `Bearer ${harness.tokenFor[role]}` },
      remoteAddress: `10.3.0.${ip}`,
      ...(payload ? { payload } : {}),
    });
  };
  beforeAll(async () => {
    harness = await createApiHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it("shows the risk status to a viewer", async () => {
    const response = await call("GET", "/api/risk/status", "viewer");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      scope: "paper",
      tradingState: "ACTIVE",
      dailyLossLimitPercent: 3,
      circuitBreaker: null,
      limits: expect.objectContaining({ maxConcurrentPositions: 3 }),
    });
  });

  it("lets only an admin trip and reset the breaker, each with a reason", async () => {
    expect(
      (await call("POST", "/api/emergency/circuit-breaker", "trader", { reason: "test" })).statusCode,
    ).toBe(403);
    const missing = await call("POST", "/api/emergency/circuit-breaker", "admin", {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain("reason");
    expect(harness.risk.state.tradingState).toBe("ACTIVE");

    const tripped = await call("POST", "/api/emergency/circuit-breaker", "admin", {
      reason: "exchange incident",
    });
    expect(tripped.statusCode).toBe(200);
    expect(tripped.json().status).toMatchObject({
      tradingState: "HALTED",
      circuitBreaker: { reason: "exchange incident" },
    });
    const audit = await harness.database.connection.database
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "circuit_breaker_tripped")
      .execute();
    expect(audit.at(-1)).toMatchObject({
      actor: "admin-user",
      reason: expect.stringContaining("exchange incident"),
    });

    const reset = await call("POST", "/api/emergency/circuit-breaker/reset", "admin", {
      reason: "incident over",
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().status.tradingState).toBe("ACTIVE");
  });

  it("answers the daily report, or 404 for a day without metrics", async () => {
    const none = await call("GET", "/api/risk/daily-report?date=2001-01-01", "viewer");
    expect(none.statusCode).toBe(404);
    const bad = await call("GET", "/api/risk/daily-report?date=yesterday", "viewer");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("date");
    await harness.risk.saveDailyMetrics();
    const today = await call("GET", "/api/risk/daily-report?date=2026-01-05", "viewer");
    expect(today.statusCode).toBe(200);
    expect(Object.keys(today.json())).toEqual([
      "date",
      "balance",
      "pnl",
      "trades",
      "risk_metrics",
      "timestamps",
    ]);
  });
});
