import { type FormEvent, useId, useState } from "react";
import { useApi } from "../../app/api-context.tsx";
import { navigate, useLocation } from "../../app/router.tsx";
import { QueryView } from "../../components/states.tsx";
import type { TradeQuery } from "../../lib/api-types.ts";
import { errorText } from "../../lib/error-text.ts";
import { useTrades } from "../queries.ts";
import { EXPORT_MAX_ROWS, exportTradesCsv } from "./trades-csv.ts";
import { TradesTable } from "./trades-table.tsx";

const PAGE_SIZE = 50;

/** The day after a `YYYY-MM-DD` date, so a "to" date includes the whole day (the API's `to` is exclusive). */
function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function filterFromSearch(search: string) {
  const params = new URLSearchParams(search);
  return {
    symbol: params.get("symbol") ?? "",
    strategy: params.get("strategy") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    offset: Math.max(0, Number(params.get("offset") ?? 0) || 0),
  };
}

function toQuery(filter: ReturnType<typeof filterFromSearch>): TradeQuery {
  return {
    ...(filter.symbol ? { symbol: filter.symbol.toUpperCase() } : {}),
    ...(filter.strategy ? { strategy: filter.strategy } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: dayAfter(filter.to) } : {}),
  };
}

function searchOf(filter: ReturnType<typeof filterFromSearch>): string {
  const params = new URLSearchParams();
  for (const key of ["symbol", "strategy", "from", "to"] as const)
    if (filter[key]) params.set(key, filter[key]);
  if (filter.offset > 0) params.set("offset", String(filter.offset));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Closed trades with filters kept in the URL (so a reload or a re-login returns to the same view). */
export function TradesPage() {
  const api = useApi();
  const location = useLocation();
  const applied = filterFromSearch(location.search);
  const [draft, setDraft] = useState(applied);
  const [exporting, setExporting] = useState(false);
  const [exportMessage, setExportMessage] = useState<string | null>(null);
  const query = { ...toQuery(applied), limit: PAGE_SIZE, offset: applied.offset };
  const trades = useTrades(query);
  const ids = { symbol: useId(), strategy: useId(), from: useId(), to: useId() };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/trades${searchOf({ ...draft, offset: 0 })}`);
  };
  const clear = () => {
    const empty = { symbol: "", strategy: "", from: "", to: "", offset: 0 };
    setDraft(empty);
    navigate("/trades");
  };
  const goTo = (offset: number) => navigate(`/trades${searchOf({ ...applied, offset })}`);

  const download = async () => {
    setExporting(true);
    setExportMessage(null);
    try {
      const result = await exportTradesCsv((page) => api.trades(page), toQuery(applied));
      const blob = new Blob([result.csv], { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `hlbot-trades-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExportMessage(
        result.rows < result.total
          ? `Exported the first ${result.rows} of ${result.total} trades (at most ${EXPORT_MAX_ROWS} per file); narrow the dates for the rest.`
          : `Exported ${result.rows} trade${result.rows === 1 ? "" : "s"}.`,
      );
    } catch (error) {
      setExportMessage(errorText(error, "export the trades"));
    } finally {
      setExporting(false);
    }
  };

  const data = trades.data;
  return (
    <section className="page" aria-labelledby="trades-title">
      <header className="page-header">
        <h1 id="trades-title">Trades</h1>
        <button type="button" className="button" onClick={download} disabled={exporting || data?.total === 0}>
          {exporting ? "Exporting…" : "Export CSV"}
        </button>
      </header>
      {exportMessage ? (
        <p className="state" role="status">
          {exportMessage}
        </p>
      ) : null}
      <form className="filters card" onSubmit={apply} aria-label="Filter trades">
        <div className="field">
          <label htmlFor={ids.symbol}>Symbol</label>
          <input
            id={ids.symbol}
            value={draft.symbol}
            placeholder="BTC"
            pattern="[A-Za-z0-9._/\-]{1,32}"
            title="A symbol such as BTC"
            onChange={(event) => setDraft({ ...draft, symbol: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.strategy}>Strategy</label>
          <input
            id={ids.strategy}
            value={draft.strategy}
            maxLength={100}
            onChange={(event) => setDraft({ ...draft, strategy: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.from}>From (UTC date)</label>
          <input
            id={ids.from}
            type="date"
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To (UTC date, inclusive)</label>
          <input
            id={ids.to}
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </div>
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
          <button type="button" className="button" onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      <QueryView
        query={trades}
        what="trades"
        isEmpty={(page) => page.trades.length === 0}
        empty={
          applied.symbol || applied.strategy || applied.from || applied.to
            ? "No trades match these filters."
            : "No closed trades yet. Trades appear here when a bot closes a position."
        }
      >
        {(page) => <TradesTable trades={page.trades} expandable caption="Trades" />}
      </QueryView>
      {data && data.total > 0 ? (
        <nav className="pagination" aria-label="Trade pages">
          <button
            type="button"
            className="button"
            disabled={applied.offset === 0}
            onClick={() => goTo(Math.max(0, applied.offset - PAGE_SIZE))}
          >
            Previous
          </button>
          <span>
            {applied.offset + 1}–{Math.min(applied.offset + PAGE_SIZE, data.total)} of {data.total}
            {data.totalCapped ? "+" : ""}
          </span>
          <button
            type="button"
            className="button"
            disabled={applied.offset + PAGE_SIZE >= data.total}
            onClick={() => goTo(applied.offset + PAGE_SIZE)}
          >
            Next
          </button>
        </nav>
      ) : null}
    </section>
  );
}
