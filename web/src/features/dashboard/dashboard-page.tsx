import { useLive } from "../../app/live-updates.tsx";
import { Link } from "../../app/router.tsx";
import { StatCard } from "../../components/stat-card.tsx";
import { ErrorMessage, QueryView } from "../../components/states.tsx";
import { BreakerSummary, describeTradingState, TradingStateBadge } from "../../components/trading-state.tsx";
import { formatFraction, formatMoney, formatPercent, pnlTone } from "../../lib/format.ts";
import { PositionsTable } from "../positions/positions-table.tsx";
import { useCloseState } from "../positions/use-close-state.ts";
import {
  useDailyStats,
  useHealthReady,
  useOverallStats,
  usePositions,
  useRiskStatus,
  useTrades,
} from "../queries.ts";
import { TradesTable } from "../trades/trades-table.tsx";

const RECENT = { limit: 10, offset: 0 } as const;

function ExchangeConnection() {
  const health = useHealthReady();
  if (!health.data) return <span>{health.error ? "Server unreachable" : "Checking…"}</span>;
  const checks = health.data.checks ?? {};
  const venue = Object.entries(checks).find(([name]) => /venue|exchange|hyperliquid|simulator/i.test(name));
  if (!venue) return <span>Not reported by this server</span>;
  return (
    <span className={venue[1].status === "up" ? "tone-profit" : "tone-loss"}>
      {venue[1].status === "up" ? "Connected" : "Disconnected"} ({venue[0]}
      {venue[1].latencyMs !== undefined ? `, ${venue[1].latencyMs} ms` : ""})
    </span>
  );
}

export function DashboardPage() {
  const risk = useRiskStatus();
  const daily = useDailyStats(7);
  const overall = useOverallStats();
  const positions = usePositions();
  const recent = useTrades(RECENT);
  const closeState = useCloseState();
  const live = useLive();

  const today = daily.data?.today;
  const baseline = risk.data?.dailyBaselineEquity;
  const todayPercent = today && baseline ? (today.pnl / baseline) * 100 : undefined;

  return (
    <section className="page" aria-labelledby="dashboard-title">
      <header className="page-header">
        <h1 id="dashboard-title">Dashboard</h1>
        <span className="live-indicator" role="status">
          {live.mode === "websocket" ? "Live over WebSocket" : `Refreshing every ${live.intervalMs / 1000} s`}
        </span>
      </header>
      {risk.error && !risk.data ? <ErrorMessage error={risk.error} action="load the account state" /> : null}
      <div className="stat-grid">
        <StatCard
          testId="stat-equity"
          label="Equity"
          value={formatMoney(risk.data?.equity)}
          detail={risk.data ? `High-water mark ${formatMoney(risk.data.highWaterMark)}` : undefined}
        />
        <StatCard
          testId="stat-today"
          label="Today's P&L"
          tone={pnlTone(today?.pnl)}
          value={formatMoney(today?.pnl, true)}
          detail={
            today
              ? `${formatPercent(todayPercent, 2, true)} · ${today.trades} trade${today.trades === 1 ? "" : "s"}`
              : undefined
          }
        />
        <StatCard
          testId="stat-win-rate"
          label="Win rate"
          value={formatFraction(overall.data?.winRate)}
          detail={overall.data ? `${overall.data.won} won / ${overall.data.lost} lost, all time` : undefined}
        />
        <StatCard
          testId="stat-positions"
          label="Open positions"
          value={positions.data ? String(positions.data.positions.length) : "—"}
          detail={risk.data ? `limit ${risk.data.limits.maxConcurrentPositions}` : undefined}
        />
        <StatCard
          testId="stat-trading-state"
          label="Trading state"
          tone={
            risk.data?.tradingState === "ACTIVE"
              ? undefined
              : risk.data?.tradingState === "REDUCED"
                ? "warning"
                : "danger"
          }
          value={risk.data ? <TradingStateBadge state={risk.data.tradingState} /> : "—"}
          detail={risk.data ? <BreakerSummary status={risk.data} /> : undefined}
        />
        <StatCard label="Exchange" value={<ExchangeConnection />} />
      </div>
      {risk.data && risk.data.tradingState !== "ACTIVE" ? (
        <p className="state state-warning" role="status">
          {describeTradingState(risk.data.tradingState)}. See <Link to="/risk">Risk</Link>.
        </p>
      ) : null}

      <section className="card" aria-labelledby="dashboard-positions">
        <h2 id="dashboard-positions">
          Open positions <Link to="/positions">all</Link>
        </h2>
        <QueryView
          query={positions}
          what="positions"
          isEmpty={(data) => data.positions.length === 0}
          empty="No open positions."
        >
          {(data) => <PositionsTable positions={data.positions} closeState={closeState} compact />}
        </QueryView>
      </section>

      <section className="card" aria-labelledby="dashboard-trades">
        <h2 id="dashboard-trades">
          Recent trades <Link to="/trades">all</Link>
        </h2>
        <QueryView
          query={recent}
          what="recent trades"
          isEmpty={(data) => data.trades.length === 0}
          empty="No closed trades yet."
        >
          {(data) => <TradesTable trades={data.trades} caption="Recent trades" />}
        </QueryView>
      </section>
    </section>
  );
}
