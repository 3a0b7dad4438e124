import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useMemo, useState } from "react";
import { useApi, useCurrentUser } from "../../app/api-context.tsx";
import { Chart } from "../../components/chart/lazy-chart.tsx";
import { ErrorMessage, QueryView } from "../../components/states.tsx";
import type { BacktestRequest, BacktestView } from "../../lib/api-types.ts";
import { errorText, isNotAvailable } from "../../lib/error-text.ts";
import { formatDateTime } from "../../lib/format.ts";
import { listOf } from "../../lib/list-of.ts";
import { roleAtLeast } from "../../lib/roles.ts";

const ACTIVE = new Set(["pending", "running"]);

/** Equity points from whatever shape the equity-curve endpoint answers (`[{time, equity}]` or columns). */
export function equityPoints(value: unknown): Array<{ time: number; value: number }> {
  const rows = listOf<Record<string, unknown>>(value, "equity");
  return rows
    .map((row) => ({
      time: typeof row.time === "number" ? row.time : Date.parse(String(row.time ?? row.timestamp ?? "")),
      value: Number(row.equity ?? row.value),
    }))
    .filter((point) => Number.isFinite(point.time) && Number.isFinite(point.value));
}

function SubmitForm(props: { onSubmitted: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<BacktestRequest>({
    strategy: "",
    dataset: "",
    cash: 10_000,
    taker: 0.00045,
    slippageBps: 2,
    sizing: "risk:0.01",
  });
  const [error, setError] = useState<unknown>(null);
  const ids = {
    strategy: useId(),
    dataset: useId(),
    capital: useId(),
    fee: useId(),
    slippage: useId(),
    risk: useId(),
  };
  const number = (key: keyof BacktestRequest) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value === "" ? undefined : Number(event.target.value) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.submitBacktest(draft);
      props.onSubmitted();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form className="card filters" onSubmit={submit} aria-label="New backtest">
      <div className="field">
        <label htmlFor={ids.strategy}>Strategy</label>
        <input
          id={ids.strategy}
          required
          value={draft.strategy}
          onChange={(event) => setDraft({ ...draft, strategy: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.dataset}>Data set</label>
        <input
          id={ids.dataset}
          required
          placeholder="a data set id from the server"
          value={draft.dataset ?? ""}
          onChange={(event) => setDraft({ ...draft, dataset: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.capital}>Initial capital (USD)</label>
        <input
          id={ids.capital}
          type="number"
          min={1}
          step="any"
          value={draft.cash ?? ""}
          onChange={number("cash")}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.fee}>Taker fee (fraction)</label>
        <input
          id={ids.fee}
          type="number"
          min={0}
          step="any"
          value={draft.taker ?? ""}
          onChange={number("taker")}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.slippage}>Slippage (bps)</label>
        <input
          id={ids.slippage}
          type="number"
          min={0}
          step="any"
          value={draft.slippageBps ?? ""}
          onChange={number("slippageBps")}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.risk}>Sizing (all-in, fraction:F, units:N or risk:F)</label>
        <input
          id={ids.risk}
          value={draft.sizing ?? ""}
          onChange={(event) => setDraft({ ...draft, sizing: event.target.value })}
        />
      </div>
      <div className="filter-actions">
        <button type="submit" className="button button-primary">
          Run backtest
        </button>
      </div>
      {error ? (
        <p className="state state-error" role="alert">
          {errorText(error, "start the backtest")}
        </p>
      ) : null}
    </form>
  );
}

function BacktestResult(props: { id: string }) {
  const api = useApi();
  const detail = useQuery({
    queryKey: ["backtests", props.id],
    queryFn: async () => (await api.backtest(props.id)) as BacktestView,
  });
  const equity = useQuery({
    queryKey: ["backtests", props.id, "equity"],
    queryFn: () => api.backtestEquity(props.id),
  });
  const series = useMemo(
    () => [{ id: "equity", kind: "area" as const, title: "Equity", data: equityPoints(equity.data) }],
    [equity.data],
  );
  return (
    <section className="card" aria-labelledby="backtest-result-title">
      <h2 id="backtest-result-title">Backtest result</h2>
      <QueryView query={detail} what="the backtest" feature="Backtest results">
        {(backtest) => (
          <dl className="facts">
            {Object.entries(backtest.results ?? {})
              .filter(([, value]) => typeof value === "number" || typeof value === "string")
              .slice(0, 16)
              .map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>
                    {typeof value === "number"
                      ? value.toLocaleString("en-US", { maximumFractionDigits: 4 })
                      : String(value)}
                  </dd>
                </div>
              ))}
          </dl>
        )}
      </QueryView>
      {series[0] && series[0].data.length > 0 ? (
        <Chart series={series} ariaLabel="Backtest equity curve" />
      ) : null}
      {equity.error && !isNotAvailable(equity.error) ? (
        <ErrorMessage error={equity.error} action="load the equity curve" />
      ) : null}
    </section>
  );
}

/** Backtests: submit, progress (live), cancel, and results with an equity chart. */
export function BacktestsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const canRun = roleAtLeast(useCurrentUser().data?.role, "strategist");
  const [selected, setSelected] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const backtests = useQuery({
    queryKey: ["backtests"],
    queryFn: async () => listOf<BacktestView>(await api.backtests(), "backtests"),
    refetchInterval: (query) => {
      const list = query.state.data;
      if (isNotAvailable(query.state.error)) return false;
      return list?.some((backtest) => ACTIVE.has(backtest.status)) ? 1_000 : 10_000;
    },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["backtests"] });

  return (
    <section className="page" aria-labelledby="backtests-title">
      <header className="page-header">
        <h1 id="backtests-title">Backtests</h1>
      </header>
      {canRun && backtests.data ? <SubmitForm onSubmitted={refresh} /> : null}
      {actionError ? <ErrorMessage error={actionError} action="cancel the backtest" /> : null}
      <QueryView
        query={backtests}
        what="backtests"
        feature="Backtests"
        isEmpty={(list) => list.length === 0}
        empty="No backtests yet. Run one on a bundled data set."
      >
        {(list) => (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Backtests</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.map((backtest) => (
                  <tr key={backtest.id}>
                    <td>{backtest.name ?? backtest.id.slice(0, 8)}</td>
                    <td>
                      {backtest.status}
                      {backtest.error ? <span className="tone-loss"> {backtest.error}</span> : null}
                    </td>
                    <td>
                      <progress
                        max={1}
                        value={backtest.progress}
                        aria-label={`Progress of ${backtest.name ?? backtest.id}`}
                      />{" "}
                      {Math.round(backtest.progress * 100)} %
                    </td>
                    <td>{formatDateTime(backtest.createdAt)}</td>
                    <td className="row-actions">
                      {backtest.status === "completed" ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setSelected(backtest.id)}
                        >
                          Results
                        </button>
                      ) : null}
                      {canRun && ACTIVE.has(backtest.status) ? (
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={async () => {
                            setActionError(null);
                            try {
                              await api.cancelBacktest(backtest.id);
                              await refresh();
                            } catch (error) {
                              setActionError(error);
                            }
                          }}
                        >
                          Cancel
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {selected ? <BacktestResult id={selected} /> : null}
    </section>
  );
}
