import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";
import { EXTERNAL_METRICS, metricNamesIn } from "../helpers/promql.ts";

const folder = fileURLToPath(new URL("../../deploy/prometheus/", import.meta.url));

function promtool(...args: string[]): { status: number | null; output: string } {
  const which = spawnSync("which", ["promtool"]);
  if (which.status !== 0)
    throw new Error("promtool is not installed: apt-get install prometheus (.ci/run does this)");
  const result = spawnSync("promtool", args, { cwd: folder, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("Prometheus configuration and alert rules", () => {
  let harness: ApiHarness;
  beforeAll(async () => {
    harness = await createApiHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it("passes promtool check config and check rules", () => {
    const config = promtool("check", "config", "prometheus.yml");
    expect(config.status, config.output).toBe(0);
    const rules = promtool("check", "rules", "alerts.yml");
    expect(rules.status, rules.output).toBe(0);
    expect(rules.output).toContain("9 rules found");
  });

  it("passes the promtool unit tests (DailyLossLimitReached, PositionStuck, ServiceDown, breaker, exchange)", () => {
    const result = promtool("test", "rules", "alerts.test.yml");
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain("SUCCESS");
  });

  it("has the manual's alerts plus CircuitBreakerTripped and ExchangeConnectionFailed", () => {
    const text = readFileSync(`${folder}alerts.yml`, "utf8");
    for (const name of [
      "ServiceDown",
      "DailyLossLimitReached",
      "PositionStuck",
      "DatabaseConnectionFailed",
      "HighErrorRate",
      "SlowAPIResponse",
      "LowDiskSpace",
      "CircuitBreakerTripped",
      "ExchangeConnectionFailed",
    ]) {
      expect(text).toContain(`alert: ${name}`);
    }
  });

  it("uses only metrics that hlbot exports (or Prometheus and node_exporter provide)", async () => {
    const response = await harness.api.inject({ method: "GET", url: "/metrics", remoteAddress: "127.0.0.1" });
    const exported = new Set<string>();
    for (const line of response.body.split("\n")) {
      const match = /^# TYPE (\S+) (\S+)/.exec(line);
      if (!match) continue;
      exported.add(match[1] ?? "");
      if (match[2] === "histogram")
        for (const suffix of ["_bucket", "_sum", "_count"]) exported.add(`${match[1]}${suffix}`);
    }
    const expressions = [...readFileSync(`${folder}alerts.yml`, "utf8").matchAll(/expr: (.+)/g)].map(
      (match) => match[1] ?? "",
    );
    expect(expressions.length).toBe(9);
    const missing = expressions
      .flatMap(metricNamesIn)
      .filter((name) => !exported.has(name) && !EXTERNAL_METRICS.has(name));
    expect(missing).toEqual([]);
  });
});
