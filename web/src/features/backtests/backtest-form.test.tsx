import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiProvider } from "../../app/api-context.tsx";
import { createApiClient } from "../../lib/api.ts";
import { createMemorySessionStore } from "../../lib/session-store.ts";
import { BacktestForm, uploadName } from "./backtest-form.tsx";

function server() {
  const uploads: Array<{ url: string; contentType: string; body: string }> = [];
  const submitted: unknown[] = [];
  const datasets = [{ id: "shared:BTC-1h.csv", name: "BTC-1h.csv", bytes: 200_000 }];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const path = url.split("?")[0];
    const headers = (init.headers ?? {}) as Record<string, string>;
    if (path === "/api/backtesting/datasets") return json(200, { datasets });
    if (path === "/api/strategies") {
      return json(200, {
        bundled: [
          {
            name: "sma-cross",
            description: "moving averages",
            parameters: [
              { name: "fast", type: "number", default: 10, minimum: 1, maximum: null, choices: null },
            ],
          },
        ],
        stored: [],
      });
    }
    if (path === "/api/backtesting/upload-data") {
      const body = String(init.body);
      uploads.push({ url, contentType: headers["content-type"] ?? "", body });
      if (body.includes("broken")) {
        return json(400, {
          error: { code: "VALIDATION_ERROR", message: "bad.csv:2: high 9 is below low 11" },
        });
      }
      datasets.push({ id: "upload:1234.csv", name: "1234.csv", bytes: body.length });
      return json(201, {
        id: "upload:1234.csv",
        rows: 2,
        first: "2024-01-01T00:00:00.000Z",
        last: "2024-01-01T01:00:00.000Z",
      });
    }
    if (path === "/api/backtesting" && init.method === "POST") {
      submitted.push(JSON.parse(String(init.body)));
      return json(202, { id: "b1", status: "pending" });
    }
    return json(404, { error: { code: "NOT_FOUND", message: `no route ${path}` } });
  };
  return { fetch, uploads, submitted };
}

function renderForm(api: ReturnType<typeof server>, onSubmitted = vi.fn()) {
  const client = createApiClient({
    store: createMemorySessionStore({
      accessToken: "a",
      refreshToken: "r",
      accessExpiresAt: Date.now() + 600_000,
    }),
    fetch: api.fetch,
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <ApiProvider client={client}>
        <BacktestForm onSubmitted={onSubmitted} />
      </ApiProvider>
    </QueryClientProvider>,
  );
  return onSubmitted;
}

const csvFile = (name: string, text: string) => new File([text], name, { type: "text/csv" });

describe("the new-backtest form", () => {
  it("picks the strategy and the data set from the server's lists and sends typed parameters", async () => {
    const api = server();
    const onSubmitted = renderForm(api);
    const strategy = await screen.findByRole("option", { name: "sma-cross — moving averages" });
    fireEvent.change(screen.getByLabelText("Strategy"), {
      target: { value: strategy.getAttribute("value") },
    });
    expect(screen.getByText("Defaults: fast=10")).toBeTruthy();
    await screen.findByRole("option", { name: "BTC-1h.csv (bundled, 195 kB)" });
    fireEvent.change(screen.getByLabelText("Data set"), { target: { value: "shared:BTC-1h.csv" } });
    fireEvent.change(screen.getByLabelText(/Parameters/), { target: { value: "fast=5, slow" } });
    fireEvent.click(screen.getByRole("button", { name: "Run backtest" }));
    expect((await screen.findByRole("alert")).textContent).toContain(
      'parameter "slow" is not written as name=value',
    );
    expect(api.submitted).toHaveLength(0);
    fireEvent.change(screen.getByLabelText(/Parameters/), { target: { value: "fast=5, slow=30" } });
    fireEvent.click(screen.getByRole("button", { name: "Run backtest" }));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledWith("b1"));
    expect(api.submitted[0]).toMatchObject({
      strategy: "sma-cross",
      dataset: "shared:BTC-1h.csv",
      params: { fast: 5, slow: 30 },
    });
  });

  it("uploads a CSV as text/csv, shows the server's refusal in words, and selects an accepted upload", async () => {
    const api = server();
    renderForm(api);
    await screen.findByRole("option", { name: "BTC-1h.csv (bundled, 195 kB)" });
    const input = screen.getByLabelText("Upload a candle CSV");
    fireEvent.change(input, { target: { files: [csvFile("my bad file.csv", "broken")] } });
    const refusal = await screen.findByRole("alert");
    expect(refusal.textContent).toBe("Couldn't upload the CSV: bad.csv:2: high 9 is below low 11.");
    expect(api.uploads[0]).toMatchObject({
      url: "/api/backtesting/upload-data?name=my-bad-file.csv",
      contentType: "text/csv",
    });
    fireEvent.change(input, {
      target: { files: [csvFile("good.csv", "timestamp,open,high,low,close\n1,1,1,1,1\n")] },
    });
    await screen.findByText(/Uploaded good.csv: 2 bars/);
    await waitFor(() =>
      expect((screen.getByLabelText("Data set") as HTMLSelectElement).value).toBe("upload:1234.csv"),
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("makes upload names the server accepts", () => {
    expect(uploadName("BTC 1h (2024).CSV")).toBe("BTC-1h-2024-.csv");
    expect(uploadName(".csv")).toBe("upload.csv");
    expect(uploadName(`${"x".repeat(200)}.csv`)).toHaveLength(94);
  });
});
