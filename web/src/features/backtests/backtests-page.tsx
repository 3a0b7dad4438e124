import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useApi, useCurrentUser } from "../../app/api-context.tsx";
import { ErrorMessage, QueryView } from "../../components/states.tsx";
import type { BacktestView } from "../../lib/api-types.ts";
import { isNotAvailable } from "../../lib/error-text.ts";
import { formatDateTime } from "../../lib/format.ts";
import { listOf } from "../../lib/list-of.ts";
import { roleAtLeast } from "../../lib/roles.ts";
import { BacktestForm } from "./backtest-form.tsx";
import { BacktestResult } from "./backtest-result.tsx";

const ACTIVE = new Set(["pending", "running"]);

/**
 * Backtests: submit (strategy and data set pickers, CSV upload), progress (live), cancel, and results with
 * statistics, candlestick, equity and drawdown charts, trades and a replay.
 */
export function BacktestsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const canRun = roleAtLeast(useCurrentUser().data?.role, "strategist");
  const [selected, setSelected] = useState<string | null>(null);
  // The backtest just submitted from this page: its results open by themselves when it completes.
  const [watching, setWatching] = useState<string | null>(null);
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
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["backtests"], exact: true });
  const watched = backtests.data?.find((backtest) => backtest.id === watching);
  if (watching && watched?.status === "completed" && selected !== watching) {
    setSelected(watching);
    setWatching(null);
  }

  return (
    <section className="page" aria-labelledby="backtests-title">
      <header className="page-header">
        <h1 id="backtests-title">Backtests</h1>
      </header>
      {canRun && backtests.data ? (
        <BacktestForm
          onSubmitted={(id) => {
            void refresh();
            if (id) setWatching(id);
          }}
        />
      ) : null}
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
                  <tr key={backtest.id} aria-current={backtest.id === selected ? "true" : undefined}>
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
                          Results<span className="visually-hidden"> of {backtest.name ?? backtest.id}</span>
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
      {selected ? <BacktestResult key={selected} id={selected} /> : null}
    </section>
  );
}
