import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useApi } from "../../app/api-context.tsx";
import { Chart } from "../../components/chart/lazy-chart.tsx";
import { StatCard } from "../../components/stat-card.tsx";
import { ErrorMessage, QueryView } from "../../components/states.tsx";
import { ApiError } from "../../lib/api.ts";
import type { PerformanceReport, ReportPeriod } from "../../lib/api-types.ts";
import { formatFraction, formatMoney, formatPercent, pnlTone } from "../../lib/format.ts";
import { useDailyStats, usePerformance } from "../queries.ts";
import { weeklyFromDaily } from "./weekly.ts";

const PERIODS: ReadonlyArray<readonly [ReportPeriod, string]> = [
  ["day", "Last 24 hours"],
  ["week", "Last 7 days"],
  ["month", "Last 30 days"],
  ["all", "All time"],
];

function PerformanceView(props: { report: PerformanceReport }) {
  const { report } = props;
  const series = useMemo(
    () => [
      {
        id: "equity",
        kind: "area" as const,
        title: "Cumulative P&L",
        data: report.equity.map((point) => ({ time: Date.parse(point.time), value: point.cumulativePnl })),
      },
    ],
    [report.equity],
  );
  return (
    <>
      <div className="stat-grid">
        <StatCard
          label="Total P&L"
          tone={pnlTone(report.totalPnl)}
          value={formatMoney(report.totalPnl, true)}
        />
        <StatCard
          label="Trades"
          value={report.totalTrades}
          detail={`${report.won} won / ${report.lost} lost`}
        />
        <StatCard label="Win rate" value={formatFraction(report.winRate)} />
        <StatCard
          label="Profit factor"
          value={
            report.profitFactor === null
              ? report.totalTrades > 0
                ? "no losses"
                : "—"
              : report.profitFactor.toFixed(2)
          }
        />
        <StatCard label="Average trade" value={formatMoney(report.averageTrade, true)} />
        <StatCard
          label="Best / worst"
          value={`${formatMoney(report.bestTrade, true)} / ${formatMoney(report.worstTrade, true)}`}
        />
        <StatCard
          label="Max drawdown"
          tone={report.maxDrawdown > 0 ? "loss" : undefined}
          value={formatMoney(report.maxDrawdown)}
        />
      </div>
      <section className="card" aria-labelledby="equity-title">
        <h2 id="equity-title">Equity (cumulative P&amp;L)</h2>
        {report.equity.length === 0 ? (
          <p className="state state-empty">
            No trades closed in this period, so there is no equity curve yet.
          </p>
        ) : (
          <Chart
            series={series}
            ariaLabel={`Cumulative profit and loss over ${report.equity.length} trades`}
          />
        )}
      </section>
    </>
  );
}

function DailyRiskReport() {
  const api = useApi();
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const inputId = useId();
  const report = useQuery({
    queryKey: ["daily-report", date],
    queryFn: () => api.dailyReport(date),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(date),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
  const notRecorded =
    report.error instanceof ApiError && report.error.status === 404 && !report.error.notAvailable;
  return (
    <section className="card" aria-labelledby="daily-report-title">
      <h2 id="daily-report-title">Daily risk report</h2>
      <div className="field field-inline">
        <label htmlFor={inputId}>UTC date</label>
        <input id={inputId} type="date" value={date} onChange={(event) => setDate(event.target.value)} />
      </div>
      {notRecorded ? (
        <p className="state state-empty">Nothing was recorded on {date}.</p>
      ) : report.error ? (
        <ErrorMessage error={report.error} action="load the daily report" />
      ) : report.data ? (
        <dl className="facts">
          <div>
            <dt>Balance</dt>
            <dd>
              {formatMoney(report.data.balance.starting)} → {formatMoney(report.data.balance.ending)}
            </dd>
          </div>
          <div>
            <dt>P&amp;L</dt>
            <dd className={`tone-${pnlTone(report.data.pnl.total)}`}>
              {formatMoney(report.data.pnl.total, true)} ({formatPercent(report.data.pnl.percent, 2, true)})
            </dd>
          </div>
          <div>
            <dt>Trades</dt>
            <dd>
              {report.data.trades.total} ({report.data.trades.won} won, {report.data.trades.lost} lost)
            </dd>
          </div>
          <div>
            <dt>Max drawdown</dt>
            <dd>{formatPercent(report.data.risk_metrics.max_drawdown)}</dd>
          </div>
          <div>
            <dt>Fees</dt>
            <dd>{formatMoney(report.data.risk_metrics.total_fees)}</dd>
          </div>
        </dl>
      ) : (
        <p className="state state-loading">Loading…</p>
      )}
    </section>
  );
}

/** Daily and weekly performance, with the equity chart of the chosen period. */
export function ReportsPage() {
  const [period, setPeriod] = useState<ReportPeriod>("week");
  const performance = usePerformance(period);
  const daily = useDailyStats(90);
  const weeks = useMemo(() => weeklyFromDaily(daily.data?.days ?? []), [daily.data]);
  return (
    <section className="page" aria-labelledby="reports-title">
      <header className="page-header">
        <h1 id="reports-title">Reports</h1>
        <fieldset className="segmented">
          <legend className="visually-hidden">Report period</legend>
          {PERIODS.map(([value, label]) => (
            <button
              key={value}
              type="button"
              className="button"
              aria-pressed={period === value}
              onClick={() => setPeriod(value)}
            >
              {label}
            </button>
          ))}
        </fieldset>
      </header>
      <QueryView query={performance} what="the performance report">
        {(report) => <PerformanceView report={report} />}
      </QueryView>
      <div className="two-columns">
        <section className="card" aria-labelledby="daily-title">
          <h2 id="daily-title">Daily</h2>
          <QueryView
            query={daily}
            what="daily statistics"
            isEmpty={(data) => data.days.length === 0}
            empty="No trades closed in the last 90 days."
          >
            {(data) => (
              <table className="table">
                <caption className="visually-hidden">P&amp;L per UTC day</caption>
                <thead>
                  <tr>
                    <th scope="col">Day (UTC)</th>
                    <th scope="col" className="number">
                      Trades
                    </th>
                    <th scope="col" className="number">
                      Win rate
                    </th>
                    <th scope="col" className="number">
                      P&amp;L
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.days.map((day) => (
                    <tr key={day.date}>
                      <td>{day.date}</td>
                      <td className="number">{day.trades}</td>
                      <td className="number">{formatFraction(day.winRate)}</td>
                      <td className={`number tone-${pnlTone(day.pnl)}`}>{formatMoney(day.pnl, true)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </QueryView>
        </section>
        <section className="card" aria-labelledby="weekly-title">
          <h2 id="weekly-title">Weekly</h2>
          {weeks.length === 0 ? (
            <p className="state state-empty">No trades closed in the last 90 days.</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">P&amp;L per ISO week</caption>
              <thead>
                <tr>
                  <th scope="col">Week of (UTC)</th>
                  <th scope="col" className="number">
                    Trades
                  </th>
                  <th scope="col" className="number">
                    Win rate
                  </th>
                  <th scope="col" className="number">
                    P&amp;L
                  </th>
                </tr>
              </thead>
              <tbody>
                {weeks.map((week) => (
                  <tr key={week.weekStart}>
                    <td>{week.weekStart}</td>
                    <td className="number">{week.trades}</td>
                    <td className="number">{formatFraction(week.winRate)}</td>
                    <td className={`number tone-${pnlTone(week.pnl)}`}>{formatMoney(week.pnl, true)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <DailyRiskReport />
    </section>
  );
}
