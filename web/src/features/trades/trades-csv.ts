import type { TradeQuery, TradeView } from "../../lib/api-types.ts";
import { toCsv } from "../../lib/csv.ts";
import { signalReasons } from "./signal-reasoning.tsx";

export const CSV_COLUMNS: ReadonlyArray<readonly [string, (trade: TradeView) => unknown]> = [
  ["id", (trade) => trade.id],
  ["symbol", (trade) => trade.symbol],
  ["side", (trade) => trade.side],
  ["size", (trade) => trade.size],
  ["entry_price", (trade) => trade.entryPrice],
  ["exit_price", (trade) => trade.exitPrice],
  ["entry_time", (trade) => trade.entryTime],
  ["exit_time", (trade) => trade.exitTime],
  ["pnl", (trade) => trade.pnl],
  ["pnl_r", (trade) => trade.pnlR],
  ["return_pct", (trade) => trade.returnPct],
  ["fees", (trade) => trade.fees],
  ["funding", (trade) => trade.funding],
  ["exit_reason", (trade) => trade.exitReason],
  ["strategy", (trade) => trade.strategy],
  ["mode", (trade) => trade.mode],
  ["reasoning", (trade) => signalReasons(trade.signal).join(" | ")],
];

const PAGE = 1000;
/** Most rows one export fetches (pages count against the read rate limit of 100 per minute). */
export const EXPORT_MAX_ROWS = 50_000;

/** Fetches every trade matching the filter, page by page, and renders them as CSV. */
export async function exportTradesCsv(
  fetchPage: (query: TradeQuery) => Promise<{ trades: TradeView[]; total: number }>,
  filter: TradeQuery,
): Promise<{ csv: string; rows: number; total: number }> {
  const rows: TradeView[] = [];
  let total = 0;
  for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += PAGE) {
    const page = await fetchPage({ ...filter, limit: PAGE, offset });
    total = page.total;
    rows.push(...page.trades);
    if (page.trades.length < PAGE || rows.length >= total) break;
  }
  return { csv: toCsv(rows, CSV_COLUMNS), rows: rows.length, total };
}
