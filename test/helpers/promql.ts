import type { ApiHarness } from "./api-harness.ts";

/** Metric names referenced by PromQL expressions (functions, keywords and label names excluded). */
export function metricNamesIn(expression: string): string[] {
  const withoutStrings = expression
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  const keywords = new Set([
    "sum",
    "rate",
    "by",
    "histogram_quantile",
    "le",
    "avg",
    "max",
    "min",
    "count",
    "without",
    "on",
    "and",
    "or",
    "unless",
    "increase",
    "irate",
    "delta",
    "abs",
    "clamp_min",
    "topk",
    "bottomk",
    "offset",
    "bool",
    "ignoring",
    "group_left",
    "group_right",
    "vector",
    "time",
    "label_replace",
    "humanizePercentage",
  ]);
  const names = new Set<string>();
  for (const match of withoutStrings.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
    const name = match[1] ?? "";
    if (!keywords.has(name) && !/^\d/.test(name) && !/^\d+[smhd]$/.test(name)) names.add(name);
  }
  return [...names];
}

/** Metrics that come from Prometheus itself (`up`) or node_exporter, not from hlbot. */
export const EXTERNAL_METRICS = new Set([
  "up",
  "node_filesystem_free_bytes",
  "node_filesystem_size_bytes",
  "node_memory_MemTotal_bytes",
  "node_memory_MemAvailable_bytes",
  "node_cpu_seconds_total",
]);

/** Every metric name that the API's /metrics exports (histograms with their _bucket, _sum, _count). */
export async function exportedMetricNames(harness: ApiHarness): Promise<Set<string>> {
  const response = await harness.api.inject({ method: "GET", url: "/metrics", remoteAddress: "127.0.0.1" });
  const exported = new Set<string>();
  for (const line of response.body.split("\n")) {
    const match = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!match) continue;
    exported.add(match[1] ?? "");
    if (match[2] === "histogram")
      for (const suffix of ["_bucket", "_sum", "_count"]) exported.add(`${match[1]}${suffix}`);
  }
  return exported;
}
