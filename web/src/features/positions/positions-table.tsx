import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "../../app/api-context.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import type { PositionView } from "../../lib/api-types.ts";
import { formatDuration, formatMoney, formatNumber, pnlTone } from "../../lib/format.ts";
import { useNow } from "../../lib/use-now.ts";

/** Take-profit targets as prices, whatever their stored shape (numbers or `{price}` objects). */
export function targetPrices(takeProfits: unknown): number[] {
  if (!Array.isArray(takeProfits)) return [];
  return takeProfits
    .map((target) =>
      typeof target === "number"
        ? target
        : typeof target === "object" && target !== null
          ? Number((target as Record<string, unknown>).price)
          : Number.NaN,
    )
    .filter((price) => Number.isFinite(price));
}

export function positionName(position: PositionView): string {
  return `${position.symbol} ${position.side} ${formatNumber(position.size)} @ ${formatNumber(position.entryPrice)} (${position.mode})`;
}

/**
 * Open positions. `closeState` decides the Close button: hidden (role too low), "unavailable" (the server
 * has no close endpoint yet) or enabled, each close behind a confirmation naming the position.
 */
export function PositionsTable(props: {
  positions: readonly PositionView[];
  closeState: "hidden" | "unavailable" | "enabled";
  compact?: boolean;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const now = useNow();
  const [closing, setClosing] = useState<PositionView | null>(null);
  const showClose = props.closeState !== "hidden";

  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Open positions</caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col" className="number">
              Size
            </th>
            <th scope="col" className="number">
              Entry
            </th>
            {props.compact ? null : (
              <th scope="col" className="number">
                Mark
              </th>
            )}
            {props.compact ? null : (
              <th scope="col" className="number">
                Unrealized P&amp;L
              </th>
            )}
            {props.compact ? null : (
              <th scope="col" className="number">
                R
              </th>
            )}
            <th scope="col" className="number">
              Stop
            </th>
            {props.compact ? null : <th scope="col">Targets</th>}
            <th scope="col">Open for</th>
            {props.compact ? null : <th scope="col">Strategy</th>}
            {showClose ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.positions.map((position) => {
            const minutes = (now - new Date(position.openedAt).getTime()) / 60_000;
            const targets = targetPrices(position.takeProfits);
            return (
              <tr key={position.id} data-position-id={position.id}>
                <td>
                  {position.symbol}
                  {position.mode === "live" ? <span className="badge badge-live">live</span> : null}
                </td>
                <td className={`side side-${position.side}`}>{position.side}</td>
                <td className="number">{formatNumber(position.size)}</td>
                <td className="number">{formatNumber(position.entryPrice)}</td>
                {props.compact ? null : <td className="number">{formatNumber(position.markPrice)}</td>}
                {props.compact ? null : (
                  <td className={`number tone-${pnlTone(position.unrealizedPnl)}`}>
                    {formatMoney(position.unrealizedPnl, true)}
                  </td>
                )}
                {props.compact ? null : (
                  <td className="number">
                    {position.unrealizedR === undefined ? "—" : position.unrealizedR.toFixed(2)}
                  </td>
                )}
                <td className="number">{formatNumber(position.stopLoss)}</td>
                {props.compact ? null : (
                  <td>{targets.length > 0 ? targets.map((price) => formatNumber(price)).join(", ") : "—"}</td>
                )}
                <td>{formatDuration(Number.isFinite(minutes) ? minutes : position.minutesOpen)}</td>
                {props.compact ? null : <td>{position.strategy ?? "—"}</td>}
                {showClose ? (
                  <td>
                    <button
                      type="button"
                      className="button button-small button-danger"
                      disabled={props.closeState === "unavailable"}
                      title={
                        props.closeState === "unavailable"
                          ? "Closing positions is not available on this server yet"
                          : undefined
                      }
                      aria-label={`Close ${positionName(position)}`}
                      onClick={() => setClosing(position)}
                    >
                      Close
                    </button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.closeState === "unavailable" ? (
        <p className="muted small">
          Closing positions from the dashboard is not available on this server yet.
        </p>
      ) : null}
      <ConfirmDialog
        open={closing !== null}
        title="Close position?"
        confirmLabel={closing ? `Close ${closing.symbol} ${closing.side}` : "Close"}
        danger
        requireReason
        defaultReason="closed by hand from the dashboard"
        action={closing ? `close the ${closing.symbol} ${closing.side}` : "close the position"}
        onClose={() => setClosing(null)}
        onConfirm={async (reason) => {
          if (!closing) return;
          await api.closePosition(closing.id, reason);
          await queryClient.invalidateQueries({ queryKey: ["positions"] });
        }}
      >
        {closing ? (
          <p>
            This sends a market order to close <strong>{positionName(closing)}</strong>
            {closing.mode === "live" ? " on the live exchange" : " in paper trading"}. It cannot be undone.
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
