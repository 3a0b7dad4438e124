import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useApi } from "../../app/api-context.tsx";
import { errorText } from "../../lib/error-text.ts";
import { parameterHint, paramText, parseParamText, strategyChoices } from "../../lib/strategy-options.ts";

/**
 * The strategy picked in a form (from the server's bundled and stored strategies) and its parameters as
 * typed (`name=value, …`). `onPick` hears the picked strategy's type ("" when none).
 */
export function useStrategyPicker(onPick: (strategyType: string) => void) {
  const api = useApi();
  const strategies = useQuery({
    queryKey: ["strategies"],
    queryFn: () => api.strategies(),
    select: strategyChoices,
  });
  const [strategyKey, setStrategyKey] = useState("");
  const [params, setParams] = useState("");
  const choices = strategies.data ?? [];
  const choice = choices.find((candidate) => candidate.key === strategyKey);
  const pick = (key: string) => {
    const picked = choices.find((candidate) => candidate.key === key);
    setStrategyKey(key);
    onPick(picked?.strategyType ?? "");
    setParams(picked ? paramText(picked.params) : "");
  };
  /** The typed parameters; @throws Error naming the part that does not parse. */
  const parsedParams = () => parseParamText(params);
  return { strategies, choices, choice, strategyKey, pick, params, setParams, parsedParams };
}

/** What {@link useStrategyPicker} returns. */
export type StrategyPicker = ReturnType<typeof useStrategyPicker>;

/** The strategy select and the parameters input of a form, with their hints and loading errors. */
export function StrategyFields(props: { picker: StrategyPicker }) {
  const { strategies, choices, choice, strategyKey, pick, params, setParams } = props.picker;
  const ids = { strategy: useId(), params: useId(), paramsHint: useId() };
  return (
    <>
      <div className="field">
        <label htmlFor={ids.strategy}>Strategy</label>
        <select id={ids.strategy} required value={strategyKey} onChange={(event) => pick(event.target.value)}>
          <option value="">{strategies.isPending ? "Loading strategies…" : "Choose a strategy"}</option>
          {choices.map((candidate) => (
            <option key={candidate.key} value={candidate.key}>
              {candidate.label}
            </option>
          ))}
        </select>
        {strategies.error ? (
          <span className="hint hint-error" role="alert">
            {errorText(strategies.error, "load the strategies")}
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.params}>Parameters (name=value, comma-separated)</label>
        <input
          id={ids.params}
          value={params}
          placeholder={choice ? parameterHint(choice.parameters) : "the strategy's defaults"}
          aria-describedby={ids.paramsHint}
          onChange={(event) => setParams(event.target.value)}
        />
        <span className="hint small" id={ids.paramsHint}>
          {choice && choice.parameters.length > 0
            ? `Defaults: ${parameterHint(choice.parameters)}`
            : "Leave empty for the strategy's defaults."}
        </span>
      </div>
    </>
  );
}
