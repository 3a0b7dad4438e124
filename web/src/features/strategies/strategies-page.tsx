import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useApi, useCurrentUser } from "../../app/api-context.tsx";
import { ErrorMessage, QueryView } from "../../components/states.tsx";
import type { StrategyView } from "../../lib/api-types.ts";
import { errorText } from "../../lib/error-text.ts";
import { formatFraction, formatMoney } from "../../lib/format.ts";
import { roleAtLeast } from "../../lib/roles.ts";
import { strategyRows } from "../../lib/strategy-options.ts";
import { SchemaForm } from "./schema-form.tsx";

const keyOf = (strategy: StrategyView) => strategy.id ?? strategy.name;

function StrategyDetail(props: { id: string; row: StrategyView | undefined; canEdit: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  // A bundled strategy is described in the list already; a stored one is read for its latest values.
  const bundled = props.row?.source === "bundled";
  const fetched = useQuery({
    queryKey: ["strategies", props.id],
    queryFn: async () => (await api.strategy(props.id)) as StrategyView,
    enabled: !bundled,
  });
  const detail = bundled
    ? { data: props.row, error: null, isPending: false }
    : {
        ...fetched,
        data: fetched.data
          ? {
              ...props.row,
              ...fetched.data,
              paramSchema: fetched.data.paramSchema ?? props.row?.paramSchema,
            }
          : undefined,
      };
  return (
    <section className="card" aria-labelledby="strategy-detail-title">
      <QueryView query={detail} what="the strategy" feature="Strategy details">
        {(strategy) => (
          <>
            <h2 id="strategy-detail-title">{strategy.name}</h2>
            {strategy.description ? <p>{strategy.description}</p> : null}
            {message ? (
              <p className="state" role="status">
                {message}
              </p>
            ) : null}
            {strategy.paramSchema ? (
              <SchemaForm
                key={keyOf(strategy)}
                schema={strategy.paramSchema}
                initial={strategy.params ?? {}}
                readOnly={!props.canEdit || strategy.source === "bundled"}
                submitLabel="Save parameters"
                onSubmit={async (params) => {
                  setMessage(null);
                  try {
                    await api.updateStrategy(props.id, params);
                    setMessage("Parameters saved.");
                    await queryClient.invalidateQueries({ queryKey: ["strategies"] });
                  } catch (error) {
                    setMessage(errorText(error, "save the parameters"));
                  }
                }}
              />
            ) : (
              <p className="muted">The server sent no parameter schema for this strategy.</p>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

/** Bundled and stored strategies, their parameters (schema form) and enable/disable (strategist and up). */
export function StrategiesPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const canEdit = roleAtLeast(useCurrentUser().data?.role, "strategist");
  const [selected, setSelected] = useState<string | null>(null);
  const [toggleError, setToggleError] = useState<unknown>(null);
  const strategies = useQuery({
    queryKey: ["strategies"],
    queryFn: async () => strategyRows(await api.strategies()),
  });

  const toggle = async (strategy: StrategyView) => {
    setToggleError(null);
    try {
      await api.setStrategyEnabled(keyOf(strategy), !strategy.enabled);
      await queryClient.invalidateQueries({ queryKey: ["strategies"] });
    } catch (error) {
      setToggleError(error);
    }
  };

  return (
    <section className="page" aria-labelledby="strategies-title">
      <header className="page-header">
        <h1 id="strategies-title">Strategies</h1>
      </header>
      {toggleError ? <ErrorMessage error={toggleError} action="change the strategy" /> : null}
      <QueryView
        query={strategies}
        what="strategies"
        feature="Strategies"
        isEmpty={(list) => list.length === 0}
        empty="No strategies yet."
      >
        {(list) => (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Strategies</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Source</th>
                  <th scope="col">Enabled</th>
                  <th scope="col" className="number">
                    Trades
                  </th>
                  <th scope="col" className="number">
                    Win rate
                  </th>
                  <th scope="col" className="number">
                    P&amp;L
                  </th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.map((strategy) => (
                  <tr key={keyOf(strategy)}>
                    <td>{strategy.name}</td>
                    <td>{strategy.strategyType ?? "—"}</td>
                    <td>{strategy.source ?? "—"}</td>
                    <td>{strategy.enabled === undefined ? "—" : strategy.enabled ? "yes" : "no"}</td>
                    <td className="number">{strategy.performance?.totalTrades ?? "—"}</td>
                    <td className="number">{formatFraction(strategy.performance?.winRate)}</td>
                    <td className="number">{formatMoney(strategy.performance?.totalPnl, true)}</td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setSelected(keyOf(strategy))}
                      >
                        Parameters<span className="visually-hidden"> of {strategy.name}</span>
                      </button>
                      {canEdit && strategy.enabled !== undefined ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => toggle(strategy)}
                        >
                          {strategy.enabled ? "Disable" : "Enable"}
                          <span className="visually-hidden"> {strategy.name}</span>
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
      {selected ? (
        <StrategyDetail
          key={selected}
          id={selected}
          row={strategies.data?.find((strategy) => keyOf(strategy) === selected)}
          canEdit={canEdit}
        />
      ) : null}
    </section>
  );
}
