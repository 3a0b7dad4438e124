import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useId, useState } from "react";
import { useApi } from "../../app/api-context.tsx";
import type { BacktestRequest, DatasetView } from "../../lib/api-types.ts";
import { errorText, formErrorText } from "../../lib/error-text.ts";
import { StrategyFields, useStrategyPicker } from "../strategies/strategy-fields.tsx";

/** A file name the upload endpoint accepts (letters, digits, `. _ -`, at most 100), ending in .csv. */
export function uploadName(fileName: string): string {
  const base =
    fileName
      .replace(/\.csv$/i, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .slice(0, 90) || "upload";
  return `${base}.csv`;
}

function sizeText(bytes: number): string {
  if (bytes >= 1_048_576) return `${(bytes / 1_048_576).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/** The label of a data set in the picker: bundled ones by file name, uploads marked as such. */
export function datasetLabel(dataset: DatasetView): string {
  const kind = dataset.id.startsWith("upload:") ? "uploaded" : "bundled";
  return `${dataset.name} (${kind}, ${sizeText(dataset.bytes)})`;
}

/**
 * The new-backtest form: a strategy and a data set picked from the server's lists, a CSV upload whose data
 * set is selected once the server accepts it, parameters as `name=value` pairs, costs and sizing.
 */
export function BacktestForm(props: { onSubmitted: (id: string | undefined) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const datasets = useQuery({
    queryKey: ["backtest-datasets"],
    queryFn: async () => (await api.datasets()).datasets,
  });
  const [draft, setDraft] = useState<BacktestRequest>({
    strategy: "",
    dataset: "",
    cash: 10_000,
    taker: 0.00045,
    slippageBps: 2,
    sizing: "risk:0.01",
  });
  const picker = useStrategyPicker((strategy) => setDraft((current) => ({ ...current, strategy })));
  const [error, setError] = useState<unknown>(null);
  const [upload, setUpload] = useState<{ state: "idle" | "uploading" } | { state: "done"; text: string }>({
    state: "idle",
  });
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const ids = {
    dataset: useId(),
    upload: useId(),
    uploadHint: useId(),
    capital: useId(),
    fee: useId(),
    slippage: useId(),
    sizing: useId(),
  };

  const number = (key: keyof BacktestRequest) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value === "" ? undefined : Number(event.target.value) });
  const uploadFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setUploadError(null);
    setUpload({ state: "uploading" });
    try {
      const result = await api.uploadData(uploadName(file.name), await file.text());
      await queryClient.invalidateQueries({ queryKey: ["backtest-datasets"] });
      setDraft((current) => ({ ...current, dataset: result.id }));
      const range = result.first && result.last ? ` from ${result.first} to ${result.last}` : "";
      setUpload({
        state: "done",
        text: `Uploaded ${file.name}: ${result.rows.toLocaleString("en-US")} bars${range}. It is selected below.`,
      });
    } catch (failure) {
      setUpload({ state: "idle" });
      setUploadError(failure);
    } finally {
      event.target.value = "";
    }
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
      const created = (await api.submitBacktest({ ...draft, params: parsed })) as { id?: string } | undefined;
      props.onSubmitted(created?.id);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  const datasetList = datasets.data ?? [];
  const selectedMissing =
    draft.dataset !== "" && !datasetList.some((dataset) => dataset.id === draft.dataset);
  return (
    <form className="card filters" onSubmit={submit} aria-label="New backtest">
      <StrategyFields picker={picker} />
      <div className="field">
        <label htmlFor={ids.dataset}>Data set</label>
        <select
          id={ids.dataset}
          required
          value={draft.dataset}
          onChange={(event) => setDraft({ ...draft, dataset: event.target.value })}
        >
          <option value="">{datasets.isPending ? "Loading data sets…" : "Choose a data set"}</option>
          {selectedMissing ? <option value={draft.dataset}>{draft.dataset}</option> : null}
          {datasetList.map((dataset) => (
            <option key={dataset.id} value={dataset.id}>
              {datasetLabel(dataset)}
            </option>
          ))}
        </select>
        {datasets.error ? (
          <span className="hint hint-error" role="alert">
            {errorText(datasets.error, "load the data sets")}
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.upload}>Upload a candle CSV</label>
        <input
          id={ids.upload}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={ids.uploadHint}
          disabled={upload.state === "uploading"}
          onChange={uploadFile}
        />
        <span className="hint small" id={ids.uploadHint}>
          Columns timestamp,open,high,low,close[,volume]; checked like <code>hlbot candles import</code>.
        </span>
        {upload.state === "uploading" ? (
          <span className="hint" role="status">
            Uploading…
          </span>
        ) : null}
        {upload.state === "done" ? (
          <span className="hint" role="status">
            {upload.text}
          </span>
        ) : null}
        {uploadError ? (
          <span className="hint hint-error" role="alert">
            {errorText(uploadError, "upload the CSV")}
          </span>
        ) : null}
      </div>
      <NumberField
        id={ids.capital}
        label="Initial capital (USD)"
        min={1}
        value={draft.cash}
        onChange={number("cash")}
      />
      <NumberField
        id={ids.fee}
        label="Taker fee (fraction)"
        min={0}
        value={draft.taker}
        onChange={number("taker")}
      />
      <NumberField
        id={ids.slippage}
        label="Slippage (bps)"
        min={0}
        value={draft.slippageBps}
        onChange={number("slippageBps")}
      />
      <div className="field">
        <label htmlFor={ids.sizing}>Sizing (all-in, fraction:F, units:N or risk:F)</label>
        <input
          id={ids.sizing}
          value={draft.sizing ?? ""}
          onChange={(event) => setDraft({ ...draft, sizing: event.target.value })}
        />
      </div>
      <div className="filter-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          Run backtest
        </button>
      </div>
      {error ? (
        <p className="state state-error" role="alert">
          {formErrorText(error, "start the backtest")}
        </p>
      ) : null}
    </form>
  );
}

/** A labelled number input of the form (empty when the value is unset). */
function NumberField(props: {
  id: string;
  label: string;
  min: number;
  value: number | undefined;
  onChange: (event: { target: { value: string } }) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        min={props.min}
        step="any"
        value={props.value ?? ""}
        onChange={props.onChange}
      />
    </div>
  );
}
