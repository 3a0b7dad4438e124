import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebServer } from "../../src/api/static-web.ts";
import { type ApiHarness, createApiHarness, STRONG_PASSWORD } from "../helpers/api-harness.ts";
import { eventually } from "../helpers/eventually.ts";
import { buildDashboard, launchChromium, SCREENSHOTS } from "./browser-helpers.ts";

/** The browser globals the page scripts below use (the root tsconfig has no DOM types). */
interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

const REASONING = "EMA 20 crossed above EMA 50 with RSI at 58 and rising volume";

describe("web dashboard in Chromium", () => {
  let harness: ApiHarness;
  let web: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];

  const newPage = async (viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    return await context.newPage();
  };
  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const injectSession = async (page: Page, accessToken: string, refreshToken: string) => {
    await page.goto(`${baseUrl}/login`);
    await page.evaluate(
      ([access, refresh]) =>
        (globalThis as unknown as PageGlobals).sessionStorage.setItem(
          "hlbot.session",
          JSON.stringify({
            accessToken: access,
            refreshToken: refresh,
            accessExpiresAt: Date.now() + 600_000,
          }),
        ),
      [accessToken, refreshToken] as const,
    );
  };

  beforeAll(async () => {
    const [dist, api] = await Promise.all([buildDashboard(), createApiHarness()]);
    harness = api;
    const database = harness.database.connection.database;
    const now = Date.now();
    const ago = (seconds: number) => new Date(now - seconds * 1000);
    const pnls = [120.5, -40.25, 64];
    for (const [index, pnl] of pnls.entries()) {
      await database
        .insertInto("trades")
        .values({
          symbol: index === 1 ? "ETH" : "BTC",
          side: "long",
          size: "0.5",
          entry_price: "42000",
          exit_price: String(42000 + pnl * 2),
          entry_time: ago(600 + index),
          exit_time: ago(3 + index),
          pnl: String(pnl),
          pnl_r: String(pnl / 50),
          exit_reason: pnl > 0 ? "tp1" : "stop_loss",
          strategy: "ema-cross",
          signal: JSON.stringify({ reasoning: REASONING, confidence: 0.72 }),
          created_at: ago(3 + index),
        })
        .execute();
    }
    await database
      .insertInto("positions")
      .values({
        symbol: "SOL",
        side: "short",
        size: "12",
        entry_price: "151.25",
        stop_loss: "155.5",
        take_profits: JSON.stringify([145, 140]),
        strategy: "ema-cross",
        created_at: ago(125 * 60),
      })
      .execute();
    await harness.api.listen({ host: "127.0.0.1", port: 0 });
    const apiAddress = harness.api.server.address();
    const apiPort = typeof apiAddress === "object" && apiAddress ? apiAddress.port : 0;
    web = await buildWebServer({ root: dist, apiOrigin: `http://127.0.0.1:${apiPort}` });
    await web.listen({ host: "127.0.0.1", port: 0 });
    const webAddress = web.server.address();
    baseUrl = `http://127.0.0.1:${typeof webAddress === "object" && webAddress ? webAddress.port : 0}`;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await web?.close();
    await harness?.close();
  });

  it("logs in, returns to the page asked for, and shows the dashboard with the database's data", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/login`);
    await screenshot(page, "login");
    await page.getByLabel("Username").fill("admin-user");
    await page.getByLabel("Password").fill(STRONG_PASSWORD);
    const started = Date.now();
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByTestId("stat-equity").getByText("$10,000.00", { exact: true }).waitFor();
    const firstData = Date.now() - started;
    await page.getByTestId("stat-today").getByText("+$144.25").waitFor();
    await page.getByTestId("stat-win-rate").getByText("66.7 %").waitFor();
    await page.getByTestId("stat-positions").getByText("1", { exact: true }).waitFor();
    await page.getByTestId("stat-trading-state").getByText("ACTIVE").waitFor();
    await page.getByRole("cell", { name: "SOL" }).first().waitFor();
    // The recent trades table may render after the positions table: wait for it, then count.
    await page.getByRole("cell", { name: "+$120.50" }).first().waitFor();
    expect(await page.getByRole("cell", { name: "+$120.50" }).count()).toBe(1);
    expect(await page.getByTestId("current-user").textContent()).toContain("admin");
    expect(firstData).toBeLessThan(10_000);
    await screenshot(page, "dashboard");

    for (const [path, heading, name] of [
      ["/positions", "Positions", "positions"],
      ["/reports", "Reports", "reports"],
      ["/strategies", "Strategies", "strategies"],
      ["/bots", "Bots", "bots"],
      ["/backtests", "Backtests", "backtests"],
    ] as const) {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: heading }).click();
      await page.waitForURL(`${baseUrl}${path}`);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      if (path === "/positions") await page.getByRole("cell", { name: "155.5" }).waitFor();
      if (path === "/reports") await page.locator(".chart canvas").first().waitFor();
      if (path === "/strategies" || path === "/bots" || path === "/backtests") {
        // A list, its empty state, or the notice that this server does not have the endpoint yet.
        await page.locator("main table, main .state-empty, main .state-unavailable").first().waitFor();
        expect(await page.locator("main .state-error").count(), path).toBe(0);
      }
      await screenshot(page, name);
    }
  });

  it("shows the API reference generated from the OpenAPI document", async () => {
    const page = await newPage();
    const pair = await harness.auth.login("viewer-user", STRONG_PASSWORD);
    await injectSession(page, pair.access_token, pair.refresh_token);
    await page.goto(`${baseUrl}/api-docs`);
    await page.getByRole("heading", { name: "API reference" }).waitFor();
    await page.getByText("/api/auth/login").first().waitFor();
    expect(await page.locator("main table tbody tr").count()).toBeGreaterThan(10);
    await screenshot(page, "api-docs");
  });

  it("shows the trades with filters and the signal's reasoning", async () => {
    const page = await newPage();
    const pair = await harness.auth.login("trader-user", STRONG_PASSWORD);
    await injectSession(page, pair.access_token, pair.refresh_token);
    await page.goto(`${baseUrl}/trades`);
    await page.getByRole("heading", { name: "Trades" }).waitFor();
    await page.getByText("1–3 of 3").waitFor();
    await page.getByLabel("Symbol").fill("ETH");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(`${baseUrl}/trades?symbol=ETH`);
    await page.getByText("1–1 of 1").waitFor();
    await page.getByRole("button", { name: /Why\?/ }).click();
    await page.getByText(REASONING).waitFor();
    await screenshot(page, "trades");
  });

  it("trips and resets the circuit breaker as admin, each behind a confirmation with a reason", async () => {
    const page = await newPage();
    const pair = await harness.auth.login("admin-user", STRONG_PASSWORD);
    await injectSession(page, pair.access_token, pair.refresh_token);
    await page.goto(`${baseUrl}/risk`);
    await page.getByTestId("daily-loss").waitFor();
    await page.getByRole("button", { name: "Trip circuit breaker" }).click();
    const dialog = page.getByRole("dialog", { name: "Trip the circuit breaker?" });
    await dialog.waitFor();
    const confirm = dialog.getByRole("button", { name: "Trip circuit breaker" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Reason/).fill("browser test: exchange incident");
    await screenshot(page, "risk-confirm");
    await confirm.click();
    await page.getByText("Circuit breaker tripped.").waitFor();
    await page.getByTestId("breaker-state").getByText("TRIPPED", { exact: false }).waitFor();
    await eventually(
      () => harness.risk.status().circuitBreaker?.reason === "browser test: exchange incident",
    );
    await screenshot(page, "risk-tripped");

    await page.getByRole("button", { name: "Reset circuit breaker" }).click();
    const reset = page.getByRole("dialog", { name: "Reset the circuit breaker?" });
    await reset.getByLabel(/Reason/).fill("incident resolved");
    await reset.getByRole("button", { name: "Reset circuit breaker" }).click();
    await page.getByText("Circuit breaker reset.").waitFor();
    await page.getByTestId("breaker-state").getByText("armed", { exact: false }).waitFor();
    await eventually(() => harness.risk.status().circuitBreaker === null);
    await screenshot(page, "risk");

    const phone = await newPage({ width: 390, height: 844 });
    await injectSession(phone, pair.access_token, pair.refresh_token);
    await phone.goto(`${baseUrl}/risk`);
    const trip = phone.getByRole("button", { name: "Trip circuit breaker" });
    await trip.waitFor();
    const box = await trip.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    await screenshot(phone, "risk-phone");
  });

  it("shows a viewer no trading buttons", async () => {
    const page = await newPage();
    await injectSession(page, harness.tokenFor.viewer, "not-a-refresh-token");
    await page.goto(`${baseUrl}/`);
    await page.getByTestId("stat-equity").getByText("$10,000.00", { exact: true }).waitFor();
    await page.getByRole("cell", { name: "SOL" }).first().waitFor();
    expect(await page.getByRole("button", { name: /Close/ }).count()).toBe(0);
    await page.goto(`${baseUrl}/positions`);
    await page.getByRole("cell", { name: "155.5" }).waitFor();
    expect(await page.getByRole("button", { name: /Close/ }).count()).toBe(0);
    await page.goto(`${baseUrl}/risk`);
    await page.getByTestId("daily-loss").waitFor();
    for (const name of [
      "Trip circuit breaker",
      "Reset circuit breaker",
      "Cancel all orders",
      "Close all positions",
    ]) {
      expect(await page.getByRole("button", { name }).count(), name).toBe(0);
    }
    await page.getByText("Emergency controls need the trader role", { exact: false }).waitFor();
    await screenshot(page, "viewer-risk");
  });

  it("refreshes an invalid access token, and sends an expired session to login and back to its page", async () => {
    const page = await newPage();
    const pair = await harness.auth.login("strategist-user", STRONG_PASSWORD);
    await injectSession(page, "expired-access-token", pair.refresh_token);
    await page.goto(`${baseUrl}/positions`);
    await page.getByRole("cell", { name: "155.5" }).waitFor();
    const stored = await page.evaluate(() =>
      JSON.parse((globalThis as unknown as PageGlobals).sessionStorage.getItem("hlbot.session") ?? "{}"),
    );
    expect(stored.accessToken).not.toBe("expired-access-token");
    expect(stored.refreshToken).not.toBe(pair.refresh_token);

    await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).sessionStorage.setItem(
        "hlbot.session",
        JSON.stringify({ accessToken: "expired", refreshToken: "revoked", accessExpiresAt: 0 }),
      ),
    );
    await page.goto(`${baseUrl}/trades?symbol=BTC`);
    await page.waitForURL(/\/login\?next=%2Ftrades%3Fsymbol%3DBTC&reason=expired$/);
    await page.getByText("Your session has expired.", { exact: false }).waitFor();
    await page.getByLabel("Username").fill("strategist-user");
    await page.getByLabel("Password").fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${baseUrl}/trades?symbol=BTC`);
    await page.getByText("1–2 of 2").waitFor();
  });
});
