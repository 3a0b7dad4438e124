import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useApi, useCurrentUser } from "../../app/api-context.tsx";
import { useLive } from "../../app/live-updates.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { ErrorMessage, QueryView } from "../../components/states.tsx";
import type { BotAction } from "../../lib/api.ts";
import type { BotStatus, BotView, CreateBotRequest } from "../../lib/api-types.ts";
import { formErrorText, isNotAvailable } from "../../lib/error-text.ts";
import { formatDateTime } from "../../lib/format.ts";
import { listOf } from "../../lib/list-of.ts";
import { roleAtLeast } from "../../lib/roles.ts";
import { StrategyFields, useStrategyPicker } from "../strategies/strategy-fields.tsx";

/** The actions a bot in `status` accepts. */
export function botActions(status: BotStatus): BotAction[] {
  switch (status) {
    case "created":
    case "stopped":
    case "error":
      return ["start"];
    case "running":
      return ["pause", "stop"];
    case "paused":
      return ["resume", "stop"];
  }
}

const ACTION_LABEL: Record<BotAction, string> = {
  start: "Start",
  pause: "Pause",
  resume: "Resume",
  stop: "Stop",
};

function CreateBotForm(props: { onCreated: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<CreateBotRequest>({
    name: "",
    strategyType: "",
    symbol: "BTC",
    interval: "1h",
    mode: "paper",
  });
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const picker = useStrategyPicker((strategyType) => setDraft((current) => ({ ...current, strategyType })));
  const ids = {
    name: useId(),
    symbol: useId(),
    interval: useId(),
    mode: useId(),
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    let parsed: Record<string, string | number | boolean>;
    try {
      parsed = picker.parsedParams();
    } catch (failure) {
      setError(new Error(failure instanceof Error ? failure.message : String(failure)));
      return;
    }
    setPending(true);
    try {
      await api.createBot({ ...draft, symbol: draft.symbol.toUpperCase(), params: parsed });
      props.onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <form className="card filters" onSubmit={submit} aria-label="New bot">
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          required
          value={draft.name}
          onChange={(event) => setDraft({ ...draft, name: event.target.value })}
        />
      </div>
      <StrategyFields picker={picker} />
      <div className="field">
        <label htmlFor={ids.symbol}>Symbol</label>
        <input
          id={ids.symbol}
          required
          value={draft.symbol}
          onChange={(event) => setDraft({ ...draft, symbol: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.interval}>Interval</label>
        <select
          id={ids.interval}
          value={draft.interval}
          onChange={(event) => setDraft({ ...draft, interval: event.target.value })}
        >
          {["1m", "5m", "15m", "1h", "4h", "1d"].map((interval) => (
            <option key={interval}>{interval}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.mode}>Mode</label>
        <select
          id={ids.mode}
          value={draft.mode}
          onChange={(event) => setDraft({ ...draft, mode: event.target.value === "live" ? "live" : "paper" })}
        >
          <option value="paper">paper (simulated)</option>
          <option value="live">live (real money)</option>
        </select>
      </div>
      <div className="filter-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          Create bot
        </button>
      </div>
      {error ? (
        <p className="state state-error" role="alert">
          {formErrorText(error, "create the bot")}
        </p>
      ) : null}
    </form>
  );
}

/** Bots: status (live refresh) and start, pause, resume, stop (trader and up; live starts confirm). */
export function BotsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { intervalMs } = useLive();
  const canTrade = roleAtLeast(useCurrentUser().data?.role, "trader");
  const [pendingAction, setPendingAction] = useState<{ bot: BotView; action: BotAction } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const bots = useQuery({
    queryKey: ["bots"],
    queryFn: async () => listOf<BotView>(await api.bots(), "bots"),
    refetchInterval: (query) => (isNotAvailable(query.state.error) ? false : intervalMs),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["bots"] });
  const run = async (bot: BotView, action: BotAction) => {
    setActionError(null);
    try {
      await api.botAction(bot.id, action);
      await refresh();
    } catch (error) {
      setActionError(error);
    }
  };

  return (
    <section className="page" aria-labelledby="bots-title">
      <header className="page-header">
        <h1 id="bots-title">Bots</h1>
      </header>
      {canTrade && bots.data ? <CreateBotForm onCreated={refresh} /> : null}
      {actionError ? <ErrorMessage error={actionError} action="change the bot" /> : null}
      <QueryView
        query={bots}
        what="bots"
        feature="Bots"
        isEmpty={(list) => list.length === 0}
        empty="No bots yet. Create one to trade a strategy in paper or live mode."
      >
        {(list) => (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Bots</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Strategy</th>
                  <th scope="col">Instrument</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  {canTrade ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {list.map((bot) => (
                  <tr key={bot.id}>
                    <td>{bot.name}</td>
                    <td>{bot.strategyType}</td>
                    <td>
                      {bot.symbol} {bot.interval ?? ""}
                    </td>
                    <td>{bot.mode === "live" ? <span className="badge badge-live">live</span> : "paper"}</td>
                    <td>
                      <span className={`badge badge-bot-${bot.status}`}>{bot.status}</span>
                      {bot.error ? <span className="tone-loss"> {bot.error}</span> : null}
                    </td>
                    <td>{formatDateTime(bot.startedAt)}</td>
                    {canTrade ? (
                      <td className="row-actions">
                        {botActions(bot.status).map((action) => (
                          <button
                            key={action}
                            type="button"
                            className={`button button-small${action === "stop" ? " button-danger" : ""}`}
                            onClick={() =>
                              bot.mode === "live" && (action === "start" || action === "resume")
                                ? setPendingAction({ bot, action })
                                : run(bot, action)
                            }
                          >
                            {ACTION_LABEL[action]}
                            <span className="visually-hidden"> {bot.name}</span>
                          </button>
                        ))}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {pendingAction ? (
        <ConfirmDialog
          open
          title={`${ACTION_LABEL[pendingAction.action]} a live bot?`}
          confirmLabel={`${ACTION_LABEL[pendingAction.action]} ${pendingAction.bot.name}`}
          action={`${pendingAction.action} the bot`}
          danger
          onClose={() => setPendingAction(null)}
          onConfirm={async () => {
            await api.botAction(pendingAction.bot.id, pendingAction.action);
            await refresh();
          }}
        >
          <p>
            <strong>{pendingAction.bot.name}</strong> trades {pendingAction.bot.symbol} with real money on the
            exchange.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
