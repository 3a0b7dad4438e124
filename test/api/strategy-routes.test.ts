import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";

describe("strategy routes", () => {
  let harness: ApiHarness;
  let ip = 0;
  const call = (
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    role: keyof ApiHarness["tokenFor"],
    payload?: object,
  ) => {
    ip += 1;
    return harness.api.inject({
      method,
      url,
      headers: { authorization: `Bearer ${harness.tokenFor[role]}` },
      remoteAddress: `10.8.${Math.floor(ip / 250)}.${ip % 250}`,
      ...(payload ? { payload } : {}),
    });
  };
  beforeAll(async () => {
    harness = await createApiHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it("lists bundled strategies with parameter schemas for a form", async () => {
    const body = (await call("GET", "/api/strategies", "viewer")).json();
    const names = body.bundled.map((strategy: { name: string }) => strategy.name);
    expect(names).toEqual(
      expect.arrayContaining(["sma-cross", "confluence", "rsi-mean-reversion", "donchian-breakout"]),
    );
    const sma = body.bundled.find((strategy: { name: string }) => strategy.name === "sma-cross");
    expect(sma.jsonSchema.properties.fast).toMatchObject({ type: "integer", minimum: 1 });
    expect(body.stored).toEqual([]);
  });

  it("stores, updates, disables and deletes a configuration, validating params against the schema", async () => {
    const bad = await call("POST", "/api/strategies", "strategist", {
      name: "fast cross",
      strategyType: "sma-cross",
      params: { fast: 30, slow: 10 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("fast");
    const unknown = await call("POST", "/api/strategies", "strategist", {
      name: "mystery",
      strategyType: "martingale",
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("strategyType");
    expect(
      (await call("POST", "/api/strategies", "trader", { name: "x", strategyType: "sma-cross" })).statusCode,
    ).toBe(403);

    const created = await call("POST", "/api/strategies", "strategist", {
      name: "fast cross",
      strategyType: "sma-cross",
      params: { fast: 5, slow: 15 },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(
      (await call("POST", "/api/strategies", "strategist", { name: "fast cross", strategyType: "sma-cross" }))
        .statusCode,
    ).toBe(409);
    const updated = await call("PUT", `/api/strategies/${id}`, "strategist", {
      params: { fast: 7, slow: 21 },
    });
    expect(updated.json().params).toEqual({ fast: 7, slow: 21 });
    const rejected = await call("PUT", `/api/strategies/${id}`, "strategist", { params: { fast: 0 } });
    expect(rejected.statusCode).toBe(400);
    expect((await call("GET", `/api/strategies/${id}`, "viewer")).json().params).toEqual({
      fast: 7,
      slow: 21,
    });
    expect((await call("POST", `/api/strategies/${id}/disable`, "strategist")).json().enabled).toBe(false);
    expect((await call("GET", `/api/strategies/${id}/performance`, "viewer")).json()).toMatchObject({
      trades: 0,
    });

    await harness.database.connection.database
      .insertInto("trades")
      .values({
        strategy_id: id,
        symbol: "BTC",
        side: "long",
        size: "1",
        entry_price: "1",
        exit_price: "2",
        entry_time: new Date(0),
        exit_time: new Date(1000),
        pnl: "1",
        exit_reason: "tp1",
      })
      .execute();
    const inUse = await call("DELETE", `/api/strategies/${id}`, "strategist");
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.message).toContain("1 trade(s)");
    await harness.database.connection.database.deleteFrom("trades").execute();
    expect((await call("DELETE", `/api/strategies/${id}`, "strategist")).statusCode).toBe(204);
    expect((await call("GET", `/api/strategies/${id}`, "viewer")).statusCode).toBe(404);
  });
});
