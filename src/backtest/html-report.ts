import type { CandleColumns } from "../domain/index.ts";
import { resampleColumns } from "../engine/index.ts";
import type { BacktestOutput } from "./backtest-output.ts";

/** Inputs of {@link renderHtmlReport}. */
export interface HtmlReportInput {
  readonly title: string;
  /** Candles of the benchmark instrument (downsampled for the chart when large). */
  readonly candles: CandleColumns;
  /** Id of the instrument of {@link candles}: only its trades are marked on the price chart. */
  readonly instrument: string;
  readonly output: BacktestOutput;
  /** Source of lightweight-charts' standalone production build, inlined so the file opens offline. */
  readonly chartLibrary: string;
}

const MAX_CHART_CANDLES = 8000;
const INTERVALS_MS = [60_000, 300_000, 900_000, 3_600_000, 14_400_000, 86_400_000, 604_800_000];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function chartCandles(candles: CandleColumns): { columns: CandleColumns; intervalMs: number } {
  if (candles.length <= MAX_CHART_CANDLES) return { columns: candles, intervalMs: 0 };
  const span = (candles.timestamp[candles.length - 1] as number) - (candles.timestamp[0] as number);
  const intervalMs = INTERVALS_MS.find((interval) => span / interval <= MAX_CHART_CANDLES) ?? 2_592_000_000;
  return { columns: resampleColumns(candles, intervalMs), intervalMs };
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "number")
    return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toPrecision(6);
  return String(value);
}

/**
 * Renders one self-contained HTML page: candlestick chart with trade markers, equity and drawdown
 * curves, the statistics table and the trade table. No network access is needed to open it.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { columns, intervalMs } = chartCandles(input.candles);
  const bucket = (time: number) =>
    Math.floor((intervalMs > 0 ? Math.floor(time / intervalMs) * intervalMs : time) / 1000);
  const candles = Array.from({ length: columns.length }, (_, index) => ({
    time: Math.floor((columns.timestamp[index] as number) / 1000),
    open: columns.open[index],
    high: columns.high[index],
    low: columns.low[index],
    close: columns.close[index],
  }));
  // Other instruments' trades are not marked on these candles (their prices would not match); they are
  // in the trade table.
  const charted = input.output.trades.filter((trade) => trade.instrument === input.instrument);
  const others = [
    ...new Set(input.output.trades.map((trade) => trade.instrument).filter((id) => id !== input.instrument)),
  ];
  const markers = charted.flatMap((trade) => {
    const long = trade.side === "LONG";
    return [
      {
        time: bucket(Date.parse(trade.entryTime)),
        position: long ? "belowBar" : "aboveBar",
        color: long ? "#2e7d32" : "#c62828",
        shape: long ? "arrowUp" : "arrowDown",
        text: `${long ? "buy" : "sell"} ${trade.entryPrice}`,
      },
      {
        time: bucket(Date.parse(trade.exitTime)),
        position: long ? "aboveBar" : "belowBar",
        color: "#546e7a",
        shape: "circle",
        text: `${trade.exitReason} ${trade.exitPrice}`,
      },
    ];
  });
  markers.sort((left, right) => left.time - right.time);
  const { timestamps, values } = input.output.equity;
  const step = Math.max(1, Math.ceil(values.length / 20_000));
  const equity: Array<{ time: number; value: number }> = [];
  const drawdown: Array<{ time: number; value: number }> = [];
  let peak = Number.NEGATIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    peak = Math.max(peak, value);
    if (index % step !== 0 && index !== values.length - 1) continue;
    const time = Math.floor((timestamps[index] as number) / 1000);
    if (time <= lastTime) continue;
    lastTime = time;
    equity.push({ time, value });
    drawdown.push({ time, value: peak > 0 ? (value / peak - 1) * 100 : 0 });
  }
  const statsRows = Object.entries(input.output.stats)
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(formatValue(value))}</td></tr>`)
    .join("");
  const tradeRows = input.output.trades
    .map(
      (trade) =>
        `<tr><td>${escapeHtml(trade.instrument)}</td><td>${trade.side}</td><td>${formatValue(trade.size)}</td><td>${trade.entryTime}</td><td>${formatValue(trade.entryPrice)}</td><td>${trade.exitTime}</td><td>${formatValue(trade.exitPrice)}</td><td>${formatValue(trade.pnl)}</td><td>${formatValue(trade.returnPct)}</td><td>${formatValue(trade.fees)}</td><td>${escapeHtml(trade.exitReason)}</td></tr>`,
    )
    .join("");
  const library = input.chartLibrary.replace(/<\/script/gi, "<\\/script");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#1f2933;background:#fafbfc}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.chart{width:100%;height:420px;margin-bottom:12px;background:#fff;border:1px solid #e4e7eb}
.small{height:200px}
table{border-collapse:collapse;font-size:13px;background:#fff}
th,td{border:1px solid #e4e7eb;padding:3px 8px;text-align:right}th{text-align:left;font-weight:600}
.stats{float:left;margin-right:24px}.trades{width:100%}
</style></head><body>
<h1>${escapeHtml(input.title)}</h1>
<h2>Price and trades: ${escapeHtml(input.instrument)}</h2>${others.length > 0 ? `<p>Trades of ${escapeHtml(others.join(", "))} are in the trade table below.</p>` : ""}<div id="price" class="chart"></div>
<h2>Equity</h2><div id="equity" class="chart small"></div>
<h2>Drawdown (%)</h2><div id="drawdown" class="chart small"></div>
<h2>Statistics</h2><table class="stats">${statsRows}</table>
<div style="clear:both"></div>
<h2>Trades (${input.output.trades.length})</h2>
<table class="trades"><tr><th>instrument</th><th>side</th><th>size</th><th>entry time</th><th>entry</th><th>exit time</th><th>exit</th><th>PnL</th><th>return %</th><th>fees</th><th>exit reason</th></tr>${tradeRows}</table>
<script>${library}</script>
<script>
const candles = ${scriptJson(candles)};
const markers = ${scriptJson(markers)};
const equity = ${scriptJson(equity)};
const drawdown = ${scriptJson(drawdown)};
const LC = window.LightweightCharts;
const options = { autoSize: true, timeScale: { timeVisible: true }, layout: { background: { color: "#ffffff" } } };
const price = LC.createChart(document.getElementById("price"), options);
const candleSeries = price.addSeries(LC.CandlestickSeries, {});
candleSeries.setData(candles);
LC.createSeriesMarkers(candleSeries, markers);
price.timeScale().fitContent();
const equityChart = LC.createChart(document.getElementById("equity"), options);
equityChart.addSeries(LC.LineSeries, { color: "#1565c0", lineWidth: 2 }).setData(equity);
equityChart.timeScale().fitContent();
const drawdownChart = LC.createChart(document.getElementById("drawdown"), options);
drawdownChart.addSeries(LC.AreaSeries, { lineColor: "#c62828", topColor: "rgba(198,40,40,0.1)", bottomColor: "rgba(198,40,40,0.4)" }).setData(drawdown);
drawdownChart.timeScale().fitContent();
</script>
</body></html>
`;
}
