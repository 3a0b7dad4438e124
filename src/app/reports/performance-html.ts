import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PerformanceReport } from "./performance-report.ts";

const require = createRequire(import.meta.url);

function chartLibrary(): string {
  const folder = dirname(require.resolve("lightweight-charts/package.json"));
  return readFileSync(join(folder, "dist", "lightweight-charts.standalone.production.js"), "utf8");
}

const escapeHtml = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

const money = (value: number | null) =>
  value === null ? "–" : value.toLocaleString("en-US", { maximumFractionDigits: 2 });

/**
 * Renders a performance report as one self-contained HTML page (lightweight-charts inlined, so it opens
 * offline): the figures of {@link PerformanceReport} and a cumulative P&L chart.
 */
export function renderPerformanceHtml(report: PerformanceReport): string {
  const rows: Array<[string, string]> = [
    ["Period", `${report.period}${report.from ? ` (${report.from} → ${report.to})` : ` (to ${report.to})`}`],
    ["Total trades", String(report.totalTrades)],
    ["Won / lost", `${report.won} / ${report.lost}`],
    ["Win rate", `${(report.winRate * 100).toFixed(1)} %`],
    ["Profit factor", report.profitFactor === null ? "–" : report.profitFactor.toFixed(2)],
    ["Total P&L", money(report.totalPnl)],
    ["Average trade", money(report.averageTrade)],
    ["Best trade", money(report.bestTrade)],
    ["Worst trade", money(report.worstTrade)],
    ["Max drawdown", money(report.maxDrawdown)],
  ];
  // One point per second at most: lightweight-charts needs strictly increasing times.
  const points: Array<{ time: number; value: number }> = [];
  for (const point of report.equity) {
    const time = Math.floor(Date.parse(point.time) / 1000);
    const last = points.at(-1);
    if (last && last.time >= time) last.value = point.cumulativePnl;
    else points.push({ time, value: point.cumulativePnl });
  }
  const data = JSON.stringify(points).replaceAll("<", "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hlbot performance report: ${escapeHtml(report.period)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
  table { border-collapse: collapse; margin-bottom: 1.5rem; }
  th, td { text-align: left; padding: 0.3rem 1rem 0.3rem 0; border-bottom: 1px solid #d0d7de; }
  #equity { width: 100%; max-width: 960px; height: 360px; }
  .empty { color: #57606a; }
</style>
</head>
<body>
<h1>Performance report</h1>
<table id="figures">
${rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join("\n")}
</table>
<h2>Cumulative P&amp;L</h2>
${points.length === 0 ? '<p class="empty">No closed trades in this period.</p>' : '<div id="equity" role="img" aria-label="Cumulative profit and loss"></div>'}
<script>${chartLibrary()}</script>
<script>
  const points = ${data};
  if (points.length > 0) {
    const chart = LightweightCharts.createChart(document.getElementById("equity"), { autoSize: true });
    const series = chart.addSeries(LightweightCharts.LineSeries, { color: "#0969da", lineWidth: 2 });
    series.setData(points);
    chart.timeScale().fitContent();
  }
</script>
</body>
</html>
`;
}
