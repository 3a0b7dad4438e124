import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";
import { EXTERNAL_METRICS, exportedMetricNames, metricNamesIn } from "../helpers/promql.ts";

const folder = fileURLToPath(new URL("../../deploy/grafana/dashboards/", import.meta.url));

interface Panel {
  title: string;
  type: string;
  datasource: { type: string };
  targets: Array<{ expr?: string; rawSql?: string }>;
}
const load = (file: string) =>
  JSON.parse(readFileSync(`${folder}${file}`, "utf8")) as { title: string; panels: Panel[] };

const DASHBOARDS = [
  {
    file: "main-operations.json",
    title: "Main Operations",
    panels: [
      "System Status",
      "API Request Rate",
      "Error Rate",
      "Open Positions",
      "Daily P&L",
      "Active Strategies",
      "Recent Trades",
      "Resource Usage",
    ],
  },
  {
    file: "trading-performance.json",
    title: "Trading Performance",
    panels: [
      "Cumulative P&L",
      "Win Rate by Strategy",
      "Position Distribution",
      "Trade Duration Distribution",
      "Risk Utilization",
      "Confluence Score Distribution",
      "Best/Worst Performers",
    ],
  },
];

describe("Grafana dashboards", () => {
  let harness: ApiHarness;
  beforeAll(async () => {
    harness = await createApiHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it.each(DASHBOARDS)("$title has the manual's panels in order", ({ file, title, panels }) => {
    const dashboard = load(file);
    expect(dashboard.title).toBe(title);
    expect(dashboard.panels.map((panel) => panel.title)).toEqual(panels);
  });

  it("queries only metrics that hlbot exports (or Prometheus and node_exporter provide)", async () => {
    const exported = await exportedMetricNames(harness);
    const expressions = DASHBOARDS.flatMap(({ file }) => load(file).panels)
      .flatMap((panel) => panel.targets)
      .flatMap((target) => (target.expr ? [target.expr] : []));
    expect(expressions.length).toBeGreaterThan(8);
    const missing = expressions
      .flatMap(metricNamesIn)
      .filter((name) => !exported.has(name) && !EXTERNAL_METRICS.has(name));
    expect(missing).toEqual([]);
  });

  it("runs every SQL panel against the schema", async () => {
    const queries = DASHBOARDS.flatMap(({ file }) => load(file).panels)
      .flatMap((panel) => panel.targets)
      .flatMap((target) => (target.rawSql ? [target.rawSql] : []));
    expect(queries.length).toBeGreaterThanOrEqual(6);
    for (const query of queries) {
      // Grafana's time macro, as it expands for "last 24 hours".
      const expanded = query.replace(
        /\$__timeFilter\((\w+)\)/g,
        "$1 BETWEEN now() - interval '24 hours' AND now()",
      );
      await expect(
        sql.raw(expanded).execute(harness.database.connection.database),
        query,
      ).resolves.toBeDefined();
    }
  });
});
