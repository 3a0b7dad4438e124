import { Fragment, useState } from "react";
import type { TradeView } from "../../lib/api-types.ts";
import { formatDateTime, formatMoney, formatNumber, pnlTone } from "../../lib/format.ts";
import { SignalReasoning } from "./signal-reasoning.tsx";

/** Closed trades; each row expands to the entry signal's reasoning when `expandable`. */
export function TradesTable(props: { trades: readonly TradeView[]; expandable?: boolean; caption: string }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Closed</th>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col" className="number">
              Size
            </th>
            <th scope="col" className="number">
              Entry
            </th>
            <th scope="col" className="number">
              Exit
            </th>
            <th scope="col" className="number">
              P&amp;L
            </th>
            <th scope="col" className="number">
              R
            </th>
            <th scope="col">Exit reason</th>
            <th scope="col">Strategy</th>
            {props.expandable ? <th scope="col">Signal</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.trades.map((trade) => (
            <Fragment key={trade.id}>
              <tr>
                <td>{formatDateTime(trade.exitTime)}</td>
                <td>{trade.symbol}</td>
                <td className={`side side-${trade.side}`}>{trade.side}</td>
                <td className="number">{formatNumber(trade.size)}</td>
                <td className="number">{formatNumber(trade.entryPrice)}</td>
                <td className="number">{formatNumber(trade.exitPrice)}</td>
                <td className={`number tone-${pnlTone(trade.pnl)}`}>{formatMoney(trade.pnl, true)}</td>
                <td className="number">{trade.pnlR === null ? "—" : trade.pnlR.toFixed(2)}</td>
                <td>{trade.exitReason}</td>
                <td>{trade.strategy ?? "—"}</td>
                {props.expandable ? (
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      aria-expanded={open === trade.id}
                      aria-controls={`signal-${trade.id}`}
                      onClick={() => setOpen(open === trade.id ? null : trade.id)}
                    >
                      {open === trade.id ? "Hide" : "Why?"}
                      <span className="visually-hidden"> signal reasoning of the {trade.symbol} trade</span>
                    </button>
                  </td>
                ) : null}
              </tr>
              {props.expandable && open === trade.id ? (
                <tr id={`signal-${trade.id}`} className="row-detail">
                  <td colSpan={11}>
                    <SignalReasoning signal={trade.signal} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
