import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useApi, useCurrentUser, useRouteAvailable } from "../../app/api-context.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { QueryView } from "../../components/states.tsx";
import { BreakerSummary, describeTradingState, TradingStateBadge } from "../../components/trading-state.tsx";
import type { RiskStatusResponse } from "../../lib/api-types.ts";
import { formatDateTime, formatMoney, formatPercent } from "../../lib/format.ts";
import { roleAtLeast } from "../../lib/roles.ts";
import { usePositions, useRiskStatus } from "../queries.ts";

function Meter(props: { label: string; value: number; limit: number; warnAt?: number; detail: ReactNode }) {
  const fraction = props.limit > 0 ? Math.min(1, Math.max(0, props.value / props.limit)) : 0;
  const tone =
    fraction >= 1 ? "danger" : props.warnAt !== undefined && props.value >= props.warnAt ? "warning" : "ok";
  return (
    <div className="meter-block">
      <div className="meter-label">
        <span>{props.label}</span>
        <span>{props.detail}</span>
      </div>
      <meter
        className={`meter meter-${tone}`}
        aria-label={props.label}
        min={0}
        max={props.limit}
        value={Math.min(props.value, props.limit)}
        {...(props.warnAt !== undefined ? { high: props.warnAt } : {})}
      />
    </div>
  );
}

type Action = "trip" | "reset" | "cancel-all" | "close-all";

function RiskDetails(props: { status: RiskStatusResponse }) {
  const { status } = props;
  return (
    <>
      <section className="card" aria-labelledby="risk-state-title">
        <h2 id="risk-state-title">Trading state</h2>
        <p className="risk-state">
          <TradingStateBadge state={status.tradingState} /> {describeTradingState(status.tradingState)}
        </p>
        <p>
          <BreakerSummary status={status} />
        </p>
        <dl className="facts">
          <div>
            <dt>Equity</dt>
            <dd>{formatMoney(status.equity)}</dd>
          </div>
          <div>
            <dt>Day start equity</dt>
            <dd>{formatMoney(status.dailyBaselineEquity)}</dd>
          </div>
          <div>
            <dt>Losing trades in a row</dt>
            <dd>
              {status.consecutiveLosses} of {status.lossStreakLimit}
              {status.lossStreakUntil ? ` (paused until ${formatDateTime(status.lossStreakUntil)})` : ""}
            </dd>
          </div>
          <div>
            <dt>Scope</dt>
            <dd>{status.scope}</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>{formatDateTime(status.updatedAt)}</dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="risk-limits-title">
        <h2 id="risk-limits-title">Loss limits</h2>
        <Meter
          label="Daily loss used"
          value={status.dailyLossPercent}
          limit={status.dailyLossLimitPercent}
          warnAt={status.reducedAtDailyLossPercent}
          detail={
            <span data-testid="daily-loss">
              {formatPercent(status.dailyLossPercent)} of {formatPercent(status.dailyLossLimitPercent)} limit
            </span>
          }
        />
        <p className="muted small">
          Size is reduced from {formatPercent(status.reducedAtDailyLossPercent)}; trading halts at{" "}
          {formatPercent(status.dailyLossLimitPercent)}; everything is closed at{" "}
          {formatPercent(status.emergencyDailyLossPercent)}.
        </p>
        <Meter
          label="Drawdown from high-water mark"
          value={status.drawdownPercent}
          limit={status.maxDrawdownPercent}
          detail={`${formatPercent(status.drawdownPercent)} of ${formatPercent(status.maxDrawdownPercent)}`}
        />
      </section>
    </>
  );
}

/** Risk state and the emergency controls (trip/reset: admin; cancel all, close all: trader and up). */
export function RiskPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const risk = useRiskStatus();
  const positions = usePositions();
  const role = useCurrentUser().data?.role;
  const cancelAvailable = useRouteAvailable("cancelAllOrders");
  const closeAllAvailable = useRouteAvailable("closeAllPositions");
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const isAdmin = roleAtLeast(role, "admin");
  const isTrader = roleAtLeast(role, "trader");
  const tripped = risk.data?.circuitBreaker != null;
  const openCount = positions.data?.positions.length;

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["risk-status"] }),
      queryClient.invalidateQueries({ queryKey: ["positions"] }),
    ]);
  };
  const dialogs: Record<
    Action,
    {
      title: string;
      confirm: string;
      action: string;
      body: ReactNode;
      run: (reason: string) => Promise<unknown>;
      done: string;
    }
  > = {
    trip: {
      title: "Trip the circuit breaker?",
      confirm: "Trip circuit breaker",
      action: "trip the circuit breaker",
      body: (
        <p>
          New entries are <strong>blocked for every bot</strong> until the breaker is reset or its cooldown of{" "}
          {risk.data?.limits.breakerCooldownHours ?? "?"} h ends. Open positions stay open.
        </p>
      ),
      run: (reason) => api.tripBreaker(reason),
      done: "Circuit breaker tripped.",
    },
    reset: {
      title: "Reset the circuit breaker?",
      confirm: "Reset circuit breaker",
      action: "reset the circuit breaker",
      body: <p>Bots may open new positions again right away.</p>,
      run: (reason) => api.resetBreaker(reason),
      done: "Circuit breaker reset.",
    },
    "cancel-all": {
      title: "Cancel all open orders?",
      confirm: "Cancel all orders",
      action: "cancel all orders",
      body: <p>Every resting order of every bot is cancelled, including stop and take-profit orders.</p>,
      run: (reason) => api.cancelAllOrders(reason),
      done: "All open orders cancelled.",
    },
    "close-all": {
      title: `Close all ${openCount ?? ""} open positions?`.replace("  ", " "),
      confirm: "Close all positions",
      action: "close all positions",
      body: (
        <p>
          Market orders close <strong>every open position</strong>
          {openCount !== undefined ? ` (${openCount} now)` : ""}. This cannot be undone.
        </p>
      ),
      run: (reason) => api.closeAllPositions(reason),
      done: "All positions are being closed.",
    },
  };
  const current = action ? dialogs[action] : null;

  return (
    <section className="page page-risk" aria-labelledby="risk-title">
      <header className="page-header">
        <h1 id="risk-title">Risk and emergency</h1>
      </header>
      {notice ? (
        <p className="state state-ok" role="status">
          {notice}
        </p>
      ) : null}
      {isTrader ? (
        <section className="card emergency" aria-labelledby="emergency-title">
          <h2 id="emergency-title">Emergency controls</h2>
          <div className="emergency-actions">
            {isAdmin ? (
              tripped ? (
                <button
                  type="button"
                  className="button button-large button-primary"
                  onClick={() => setAction("reset")}
                >
                  Reset circuit breaker
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-large button-danger"
                  onClick={() => setAction("trip")}
                >
                  Trip circuit breaker
                </button>
              )
            ) : null}
            <button
              type="button"
              className="button button-large button-danger"
              disabled={cancelAvailable === "no"}
              onClick={() => setAction("cancel-all")}
            >
              Cancel all orders
            </button>
            <button
              type="button"
              className="button button-large button-danger"
              disabled={closeAllAvailable === "no"}
              onClick={() => setAction("close-all")}
            >
              Close all positions
            </button>
          </div>
          {cancelAvailable === "no" || closeAllAvailable === "no" ? (
            <p className="muted small">
              {[
                cancelAvailable === "no" ? "Cancel all orders" : null,
                closeAllAvailable === "no" ? "Close all positions" : null,
              ]
                .filter(Boolean)
                .join(" and ")}{" "}
              {cancelAvailable === "no" && closeAllAvailable === "no" ? "are" : "is"} not available on this
              server yet.
            </p>
          ) : null}
          {!isAdmin ? (
            <p className="muted small">Tripping and resetting the circuit breaker needs the admin role.</p>
          ) : null}
        </section>
      ) : (
        <p className="state" role="note">
          You can watch the risk state. Emergency controls need the trader role (the circuit breaker: admin).
        </p>
      )}
      <QueryView query={risk} what="the risk state">
        {(status) => <RiskDetails status={status} />}
      </QueryView>
      {current && action ? (
        <ConfirmDialog
          open
          title={current.title}
          confirmLabel={current.confirm}
          action={current.action}
          danger={action !== "reset"}
          requireReason
          onClose={() => setAction(null)}
          onConfirm={async (reason) => {
            setNotice(null);
            await current.run(reason);
            setNotice(current.done);
            await refresh();
          }}
        >
          {current.body}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
