import type { CandlePoint, ChartMarker, ValuePoint } from "../../components/chart/chart-types.ts";
import type { BacktestCandlesResponse, BacktestTrade } from "../../lib/api-types.ts";
import { listOf } from "../../lib/list-of.ts";

/** The candles response's columns as chart candles (time in ms). Rows with a missing price are dropped. */
export function candlePoints(candles: BacktestCandlesResponse | undefined): CandlePoint[] {
  if (!candles) return [];
  const points: CandlePoint[] = [];
  for (let index = 0; index < candles.timestamps.length; index++) {
    const point = {
      time: candles.timestamps[index] as number,
      open: candles.open[index] as number,
      high: candles.high[index] as number,
      low: candles.low[index] as number,
      close: candles.close[index] as number,
    };
    if ([point.time, point.open, point.high, point.low, point.close].every(Number.isFinite))
      points.push(point);
  }
  return points;
}

/**
 * Equity points from the equity-curve endpoint, whether it answers columns (`{timestamps, values}`) or rows
 * (`[{time, equity}]`).
 */
export function equityPoints(value: unknown): ValuePoint[] {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const columns = value as { timestamps?: unknown; values?: unknown };
    if (Array.isArray(columns.timestamps) && Array.isArray(columns.values)) {
      return columns.timestamps
        .map((time, index) => ({ time: Number(time), value: Number(columns.values?.[index as never]) }))
        .filter((point) => Number.isFinite(point.time) && Number.isFinite(point.value));
    }
  }
  return listOf<Record<string, unknown>>(value, "equity")
    .map((row) => ({
      time: typeof row.time === "number" ? row.time : Date.parse(String(row.time ?? row.timestamp ?? "")),
      value: Number(row.equity ?? row.value),
    }))
    .filter((point) => Number.isFinite(point.time) && Number.isFinite(point.value));
}

/** Drawdown in percent below the running peak of `equity` (0 at a new high, negative below it). */
export function drawdownPoints(equity: readonly ValuePoint[]): ValuePoint[] {
  let peak = Number.NEGATIVE_INFINITY;
  return equity.map((point) => {
    peak = Math.max(peak, point.value);
    return { time: point.time, value: peak > 0 ? ((point.value - peak) / peak) * 100 : 0 };
  });
}

/** Index of the last element whose `time` ≤ `time` in ascending `points`, or -1. */
export function lastIndexAtOrBefore(points: readonly { time: number }[], time: number): number {
  let low = 0;
  let high = points.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((points[middle] as { time: number }).time <= time) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The points of ascending `points` at or before `time`. */
export function upTo<T extends { time: number }>(points: readonly T[], time: number): T[] {
  return points.slice(0, lastIndexAtOrBefore(points, time) + 1);
}

function formatPnl(pnl: number): string {
  const sign = pnl > 0 ? "+" : pnl < 0 ? "−" : "";
  return `${sign}${Math.abs(pnl).toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
}

/**
 * Entry and exit markers of `trades` on the bars of `candles` (each moved to the open of the bar that holds
 * it, so they show on resampled bars too): a long entry is an up arrow below the bar, a short entry a down
 * arrow above it, an exit a circle with the trade's P&L, green for a profit and red for a loss.
 */
export function tradeMarkers(
  trades: readonly BacktestTrade[],
  candles: readonly CandlePoint[],
  colors: { profit: string; loss: string; long: string; short: string },
): ChartMarker[] {
  if (candles.length === 0) return [];
  const barOf = (iso: string): number | undefined => {
    const time = Date.parse(iso);
    if (!Number.isFinite(time)) return undefined;
    const index = lastIndexAtOrBefore(candles, time);
    return index < 0 ? undefined : (candles[index] as CandlePoint).time;
  };
  const markers: ChartMarker[] = [];
  for (const trade of trades) {
    const long = trade.side === "LONG";
    const entry = barOf(trade.entryTime);
    if (entry !== undefined) {
      markers.push({
        time: entry,
        position: long ? "belowBar" : "aboveBar",
        shape: long ? "arrowUp" : "arrowDown",
        color: long ? colors.long : colors.short,
        text: long ? "Long" : "Short",
      });
    }
    const exit = barOf(trade.exitTime);
    if (exit !== undefined) {
      markers.push({
        time: exit,
        position: long ? "aboveBar" : "belowBar",
        shape: "circle",
        color: trade.pnl >= 0 ? colors.profit : colors.loss,
        text: `Exit ${formatPnl(trade.pnl)}`,
      });
    }
  }
  return markers.sort((a, b) => a.time - b.time);
}
