import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useReducer } from "react";
import { useApi } from "../../app/api-context.tsx";
import { Chart } from "../../components/chart/lazy-chart.tsx";
import { ErrorMessage, QueryView } from "../../components/states.tsx";
import type { BacktestTrade, BacktestView } from "../../lib/api-types.ts";
import { formatDateTime, formatMoney, formatNumber, pnlTone } from "../../lib/format.ts";
import { listOf } from "../../lib/list-of.ts";
import {
  candlePoints,
  drawdownPoints,
  equityPoints,
  lastIndexAtOrBefore,
  tradeMarkers,
  upTo,
} from "./backtest-chart-data.ts";
import { ReplayControls } from "./replay-controls.tsx";
import { initialReplay, replayReducer } from "./replay-state.ts";

/** Replay ticks this often while playing (the charts redraw at most this often). */
const TICK_MS = 100;

const STATS: Array<{ key: string; label: string; format: (value: number) => string }> = [
  { key: "returnPct", label: "Return", format: (value) => `${formatNumber(value, 2)} %` },
  { key: "buyHoldReturnPct", label: "Buy & hold return", format: (value) => `${formatNumber(value, 2)} %` },
  { key: "equityFinal", label: "Final equity", format: (value) => formatMoney(value) },
  { key: "maxDrawdownPct", label: "Max drawdown", format: (value) => `${formatNumber(value, 2)} %` },
  { key: "sharpe", label: "Sharpe ratio", format: (value) => formatNumber(value, 2) },
  { key: "sortino", label: "Sortino ratio", format: (value) => formatNumber(value, 2) },
  { key: "trades", label: "Trades", format: (value) => formatNumber(value, 0) },
  { key: "winRatePct", label: "Win rate", format: (value) => `${formatNumber(value, 1)} %` },
  { key: "profitFactor", label: "Profit factor", format: (value) => formatNumber(value, 2) },
  { key: "expectancyR", label: "Expectancy (R)", format: (value) => formatNumber(value, 2) },
  { key: "commissions", label: "Fees paid", format: (value) => formatMoney(value) },
  { key: "exposurePct", label: "Time in market", format: (value) => `${formatNumber(value, 1)} %` },
];

function cssColor(name: string, fallback: string): string {
  if (typeof document === "undefined") return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function Stats(props: { stats: Record<string, unknown> | null | undefined }) {
  const shown = STATS.filter(({ key }) => typeof props.stats?.[key] === "number");
  if (shown.length === 0) return <p className="muted">This run has no statistics.</p>;
  return (
    <dl className="facts" data-testid="backtest-stats">
      {shown.map(({ key, label, format }) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd>{format(props.stats?.[key] as number)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What about the run is not an error but changes its meaning (e.g. orders that were never sent). */
function Warnings(props: { warnings: readonly string[] }) {
  if (props.warnings.length === 0) return null;
  return (
    <div className="state state-warning" role="note" data-testid="backtest-warnings">
      <strong>Read this before the figures:</strong>
      <ul>
        {props.warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </div>
  );
}

function TradeTable(props: { trades: readonly BacktestTrade[]; cursorTime: number }) {
  if (props.trades.length === 0) {
    return <div className="state state-empty">No trades yet at this point of the run.</div>;
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Backtest trades">
        <thead>
          <tr>
            <th scope="col">Side</th>
            <th scope="col">Entry</th>
            <th scope="col" className="number">
              Entry price
            </th>
            <th scope="col">Exit</th>
            <th scope="col" className="number">
              Exit price
            </th>
            <th scope="col" className="number">
              Size
            </th>
            <th scope="col" className="number">
              P&amp;L
            </th>
            <th scope="col" className="number">
              R
            </th>
            <th scope="col">Exit reason</th>
          </tr>
        </thead>
        <tbody>
          {props.trades.map((trade) => {
            const open = Date.parse(trade.exitTime) > props.cursorTime;
            return (
              <tr
                key={`${trade.instrument}-${trade.side}-${trade.entryTime}-${trade.exitTime}-${trade.size}`}
              >
                <td className={trade.side === "LONG" ? "side-long" : "side-short"}>
                  {trade.side === "LONG" ? "long" : "short"}
                </td>
                <td>{formatDateTime(trade.entryTime)}</td>
                <td className="number">{formatNumber(trade.entryPrice)}</td>
                <td>{open ? "open" : formatDateTime(trade.exitTime)}</td>
                <td className="number">{open ? "—" : formatNumber(trade.exitPrice)}</td>
                <td className="number">{formatNumber(trade.size)}</td>
                <td className={`number tone-${open ? "flat" : pnlTone(trade.pnl)}`}>
                  {open ? "—" : formatMoney(trade.pnl, true)}
                </td>
                <td className="number">{open ? "—" : formatNumber(trade.rMultiple, 2)}</td>
                <td>{open ? "—" : trade.exitReason}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A finished backtest: statistics, a candlestick chart with entry and exit markers, equity and drawdown,
 * the trades, and a replay that reveals all of them bar by bar up to its cursor.
 */
export function BacktestResult(props: { id: string }) {
  const api = useApi();
  const detail = useQuery({
    queryKey: ["backtests", props.id],
    queryFn: async () => (await api.backtest(props.id)) as BacktestView,
  });
  const completed = detail.data?.status === "completed";
  const equity = useQuery({
    queryKey: ["backtests", props.id, "equity"],
    queryFn: () => api.backtestEquity(props.id),
    enabled: completed,
  });
  const trades = useQuery({
    queryKey: ["backtests", props.id, "trades"],
    queryFn: async () => listOf<BacktestTrade>(await api.backtestTrades(props.id), "trades"),
    enabled: completed,
  });
  const candles = useQuery({
    queryKey: ["backtests", props.id, "candles"],
    queryFn: () => api.backtestCandles(props.id),
    enabled: completed,
  });

  const bars = useMemo(() => candlePoints(candles.data), [candles.data]);
  const equityData = useMemo(() => equityPoints(equity.data), [equity.data]);
  const drawdownData = useMemo(() => drawdownPoints(equityData), [equityData]);
  const markers = useMemo(
    () =>
      tradeMarkers(trades.data ?? [], bars, {
        profit: cssColor("--profit", "#26a69a"),
        loss: cssColor("--loss", "#ef5350"),
        long: cssColor("--accent", "#4f8cff"),
        short: cssColor("--warning", "#f5a524"),
      }),
    [trades.data, bars],
  );

  const [replay, dispatch] = useReducer(replayReducer, bars.length, initialReplay);
  useEffect(() => dispatch({ type: "reset", total: bars.length }), [bars.length]);
  useEffect(() => {
    if (!replay.playing) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      dispatch({ type: "tick", elapsedMs: now - last });
      last = now;
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [replay.playing]);

  const cursorBar = bars[replay.cursor - 1];
  // The end of the cursor's bar: everything that happened inside it is shown.
  const cursorEnd =
    cursorBar === undefined
      ? Number.POSITIVE_INFINITY
      : replay.cursor >= bars.length
        ? Number.POSITIVE_INFINITY
        : (bars[replay.cursor]?.time ?? Number.POSITIVE_INFINITY) - 1;
  const candleSeries = useMemo(
    () => [
      {
        id: "candles",
        kind: "candlestick" as const,
        title: candles.data?.interval ?? "",
        data: bars.slice(0, replay.cursor),
        markers: upTo(markers, cursorBar?.time ?? Number.POSITIVE_INFINITY),
      },
    ],
    [bars, markers, replay.cursor, cursorBar, candles.data?.interval],
  );
  const equitySeries = useMemo(
    () => [{ id: "equity", kind: "area" as const, title: "Equity", data: upTo(equityData, cursorEnd) }],
    [equityData, cursorEnd],
  );
  const drawdownSeries = useMemo(
    () => [
      {
        id: "drawdown",
        kind: "area" as const,
        title: "Drawdown %",
        color: cssColor("--loss", "#ef5350"),
        data: upTo(drawdownData, cursorEnd),
      },
    ],
    [drawdownData, cursorEnd],
  );
  const shownTrades = useMemo(
    () => (trades.data ?? []).filter((trade) => Date.parse(trade.entryTime) <= cursorEnd),
    [trades.data, cursorEnd],
  );
  const equityAtCursor = equityData[lastIndexAtOrBefore(equityData, cursorEnd)]?.value;

  return (
    <section className="card" aria-labelledby="backtest-result-title">
      <h2 id="backtest-result-title">Backtest result</h2>
      <QueryView query={detail} what="the backtest" feature="Backtest results">
        {(backtest) => (
          <>
            <p className="muted small">
              {String(backtest.config?.strategy ?? "")} on {String(backtest.config?.dataset ?? "")}
              {backtest.finishedAt ? ` · finished ${formatDateTime(backtest.finishedAt)}` : ""}
            </p>
            {backtest.status === "completed" ? (
              <>
                <Warnings warnings={backtest.warnings ?? []} />
                <Stats stats={backtest.stats} />
              </>
            ) : (
              <p className="state">This backtest is {backtest.status}; results appear once it completes.</p>
            )}
          </>
        )}
      </QueryView>
      {completed ? (
        <>
          {candles.error ? <ErrorMessage error={candles.error} action="load the candles" /> : null}
          {trades.error ? <ErrorMessage error={trades.error} action="load the trades" /> : null}
          {equity.error ? <ErrorMessage error={equity.error} action="load the equity curve" /> : null}
          {bars.length > 0 ? (
            <>
              <ReplayControls state={replay} dispatch={dispatch} cursorTime={cursorBar?.time} />
              <h3>
                Price and trades{" "}
                <span className="muted small">
                  {candles.data?.interval} bars
                  {candles.data?.downsampled
                    ? ` (resampled from ${candles.data.sourceBars.toLocaleString("en-US")} ${candles.data.sourceInterval} bars)`
                    : ""}
                </span>
              </h3>
              <Chart series={candleSeries} ariaLabel="Backtest price candles with trade entries and exits" />
            </>
          ) : candles.isPending ? (
            <p className="state state-loading" role="status">
              Loading the candles…
            </p>
          ) : null}
          <h3>
            Equity{" "}
            {equityAtCursor !== undefined ? (
              <span className="muted small" data-testid="replay-equity">
                {formatMoney(equityAtCursor)}
              </span>
            ) : null}
          </h3>
          {equityData.length > 0 ? (
            <>
              <Chart series={equitySeries} ariaLabel="Backtest equity curve" height={220} />
              <h3>Drawdown</h3>
              <Chart series={drawdownSeries} ariaLabel="Backtest drawdown in percent" height={160} />
            </>
          ) : null}
          <h3>Trades</h3>
          {trades.data ? (
            <TradeTable trades={shownTrades} cursorTime={cursorEnd} />
          ) : (
            <p className="state state-loading" role="status">
              Loading the trades…
            </p>
          )}
        </>
      ) : null}
    </section>
  );
}
