import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

describe("hlbot risk", () => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it("trips and resets the breaker with a reason and shows the status", async () => {
    const env = { DATABASE_URL: testDatabase.url };
    const status = await runCli(["risk", "status", "--format", "json"], env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ tradingState: "ACTIVE", equity: 10_000 });

    const noReason = await runCli(["risk", "trip"], env);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("--reason");

    const trip = await runCli(["risk", "trip", "--reason", "maintenance window"], env);
    expect(trip.code, trip.stderr).toBe(0);
    expect(trip.stdout).toContain("TRIPPED");
    const after = JSON.parse((await runCli(["risk", "status", "--format", "json"], env)).stdout);
    expect(after.tradingState).toBe("HALTED");
    expect(after.circuitBreaker.reason).toBe("maintenance window");

    const reset = await runCli(["risk", "reset", "--reason", "done", "--format", "json"], env);
    expect(JSON.parse(reset.stdout).tradingState).toBe("ACTIVE");
  });

  it("prints the daily report, and exits 2 for a bad or empty date", async () => {
    const env = { DATABASE_URL: testDatabase.url };
    const bad = await runCli(["risk", "report", "--date", "2026-13-45"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--date");
    const empty = await runCli(["risk", "report", "--date", "2001-01-01"], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no daily metrics");
  });
});
