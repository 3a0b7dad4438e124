/** A point of a line, area or histogram series; `time` in epoch ms. */
export interface ValuePoint {
  time: number;
  value: number;
}

/** A candle; `time` in epoch ms (bar open). */
export interface CandlePoint {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface ChartMarker {
  time: number;
  position: "aboveBar" | "belowBar" | "inBar";
  shape: "arrowUp" | "arrowDown" | "circle" | "square";
  color?: string;
  text?: string;
}

export type ChartSeriesSpec =
  | {
      id: string;
      kind: "line" | "area" | "histogram";
      data: readonly ValuePoint[];
      color?: string;
      title?: string;
    }
  | {
      id: string;
      kind: "candlestick";
      data: readonly CandlePoint[];
      markers?: readonly ChartMarker[];
      title?: string;
    };

export interface ChartProps {
  series: readonly ChartSeriesSpec[];
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  ariaLabel: string;
  height?: number;
}

/**
 * Points in epoch ms to the chart's strictly ascending UTC seconds: sorted, and for several points in the
 * same second only the last one kept.
 */
export function toChartTimes<T extends { time: number }>(points: readonly T[]): Array<T & { time: number }> {
  const sorted = [...points].filter((point) => Number.isFinite(point.time)).sort((a, b) => a.time - b.time);
  const result: Array<T & { time: number }> = [];
  for (const point of sorted) {
    const seconds = Math.floor(point.time / 1000);
    const last = result[result.length - 1];
    if (last && last.time === seconds) result[result.length - 1] = { ...point, time: seconds };
    else result.push({ ...point, time: seconds });
  }
  return result;
}
