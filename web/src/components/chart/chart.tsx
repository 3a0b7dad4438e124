import {
  AreaSeries,
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  LineSeries,
  type SeriesType,
  type Time,
} from "lightweight-charts";
import { useEffect, useRef } from "react";
import { useTheme } from "../../lib/theme.ts";
import { type ChartProps, toChartTimes } from "./chart-types.ts";

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function themeOptions() {
  const text = cssColor("--text-muted", "#9aa4b2");
  const grid = cssColor("--border", "#2a3140");
  return {
    layout: {
      background: { type: ColorType.Solid, color: cssColor("--surface", "#151a23") },
      textColor: text,
      attributionLogo: true,
    },
    grid: { vertLines: { color: grid }, horzLines: { color: grid } },
    rightPriceScale: { borderColor: grid },
    timeScale: { borderColor: grid, timeVisible: true, secondsVisible: false },
  };
}

/**
 * The one wrapper around lightweight-charts: creates the chart on mount, follows its container's size
 * (autoSize), re-applies colours on a theme change, replaces the series when their data changes, and
 * removes the chart on unmount.
 */
export default function Chart(props: ChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const mounted = useRef<ISeriesApi<SeriesType>[]>([]);
  const { theme } = useTheme();

  useEffect(() => {
    if (!container.current) return;
    const instance = createChart(container.current, { autoSize: true, ...themeOptions() });
    chart.current = instance;
    return () => {
      mounted.current = [];
      chart.current = null;
      instance.remove();
    };
  }, []);

  useEffect(() => {
    void theme;
    chart.current?.applyOptions(themeOptions());
  }, [theme]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    for (const series of mounted.current) instance.removeSeries(series);
    mounted.current = [];
    const profit = cssColor("--profit", "#26a69a");
    const loss = cssColor("--loss", "#ef5350");
    const accent = cssColor("--accent", "#4f8cff");
    for (const spec of props.series) {
      if (spec.kind === "candlestick") {
        const series = instance.addSeries(CandlestickSeries, {
          upColor: profit,
          downColor: loss,
          wickUpColor: profit,
          wickDownColor: loss,
          borderVisible: false,
          ...(spec.title ? { title: spec.title } : {}),
        });
        series.setData(toChartTimes(spec.data).map((point) => ({ ...point, time: point.time as Time })));
        if (spec.markers && spec.markers.length > 0) {
          createSeriesMarkers(
            series,
            // Several markers may share a bar (an exit and the next entry): sort them, keep them all.
            [...spec.markers]
              .filter((marker) => Number.isFinite(marker.time))
              .sort((a, b) => a.time - b.time)
              .map((marker) => ({
                ...marker,
                time: Math.floor(marker.time / 1000) as Time,
                color: marker.color ?? accent,
              })),
          );
        }
        mounted.current.push(series);
        continue;
      }
      const data = toChartTimes(spec.data).map((point) => ({ time: point.time as Time, value: point.value }));
      const color = spec.color ?? accent;
      const title = spec.title ? { title: spec.title } : {};
      const series =
        spec.kind === "area"
          ? instance.addSeries(AreaSeries, {
              lineColor: color,
              topColor: `${color}55`,
              bottomColor: `${color}05`,
              lineWidth: 2,
              ...title,
            })
          : spec.kind === "histogram"
            ? instance.addSeries(HistogramSeries, { color, ...title })
            : instance.addSeries(LineSeries, { color, lineWidth: 2, ...title });
      series.setData(data);
      mounted.current.push(series);
    }
    instance.timeScale().fitContent();
  }, [props.series]);

  return (
    <div
      ref={container}
      className="chart"
      role="img"
      aria-label={props.ariaLabel}
      style={{ height: props.height ?? 320 }}
    />
  );
}
