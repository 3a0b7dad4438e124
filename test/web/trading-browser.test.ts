import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { buildDashboard, launchChromium, SCREENSHOTS } from "./browser-helpers.ts";
import { STRONG_PASSWORD, startTradingSuite, type TradingSuite } from "./trading-suite.ts";

/** The browser globals the page scripts below use (the root tsconfig has no DOM types). */
interface PageGlobals {
  sessionStorage: { setItem(key: string, value: string): void };
}

const DATASET = "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv";
/**
 * A paper bot that enters quickly and then holds: RSI(14) crossing back above 49 happens every few bars,
 * while an exit at RSI 99 and a stop 20 ATRs away do not come within the test.
 */
const QUICK_BOT_PARAMS =
  "period=14, oversold=49, exitLevel=99, allowShort=false, stopAtr=20, riskPercent=0.5";

describe("web dashboard in Chromium: backtests and paper trading on the simulator", () => {
  let suite: TradingSuite;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return await context.newPage();
  };
  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const logIn = async (page: Page, username: string) => {
    const pair = await suite.auth.login(username, STRONG_PASSWORD);
    await page.goto(`${suite.baseUrl}/login`);
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
      [pair.access_token, pair.refresh_token] as const,
    );
  };

  beforeAll(async () => {
    const dist = await buildDashboard("web-dist-trading");
    suite = await startTradingSuite({ dist, simulatorSpeed: 4 });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await suite?.close();
  });

  it("runs a backtest on a bundled data set from the form and shows its stats, candles, trades and replay", async () => {
    const page = await newPage();
    await logIn(page, "strategist-user");
    await page.goto(`${suite.baseUrl}/backtests`);
    await page.getByRole("heading", { name: "Backtests", level: 1 }).waitFor();
    const form = page.getByRole("form", { name: "New backtest" });
    await form.getByRole("option", { name: /^donchian-breakout/ }).waitFor({ state: "attached" });
    await form.getByLabel("Strategy").selectOption("bundled:donchian-breakout");
    await form.getByRole("option", { name: /^BTC-PERP-hyperliquid-1h/ }).waitFor({ state: "attached" });
    await form.getByLabel("Data set").selectOption(DATASET);
    await form.getByLabel(/^Parameters/).fill("entryPeriod=20, exitPeriod=10");
    await screenshot(page, "backtest-form");
    await form.getByRole("button", { name: "Run backtest" }).click();

    // The results open by themselves once the run completes.
    const result = page.getByRole("region", { name: "Backtest result" });
    const stats = result.getByTestId("backtest-stats");
    await stats.waitFor({ timeout: 60_000 });
    const tradesText = await stats
      .locator("div", { hasText: /^Trades/ })
      .locator("dd")
      .textContent();
    const tradeCount = Number(tradesText?.replace(/,/g, ""));
    expect(tradeCount).toBeGreaterThan(0);
    await stats.getByText("Return", { exact: true }).waitFor();
    await stats.getByText("Max drawdown", { exact: true }).waitFor();
    const candles = result.getByRole("img", { name: "Backtest price candles with trade entries and exits" });
    await candles.locator("canvas").first().waitFor();
    await result.getByRole("img", { name: "Backtest equity curve" }).locator("canvas").first().waitFor();
    await result.getByText("1h bars").waitFor();
    const tradeRows = result.getByRole("table", { name: "Backtest trades" }).locator("tbody tr");
    await tradeRows.first().waitFor();
    expect(await tradeRows.count()).toBe(tradeCount);
    await screenshot(page, "backtest-result");

    // Replay: back to the first bar, then a few steps; the trades so far are fewer than all of them.
    const slider = result.getByLabel("Replay position");
    expect(await slider.inputValue()).toBe("1832");
    await result.getByRole("button", { name: "Replay from the start" }).click();
    await result.getByRole("button", { name: "Pause replay" }).click();
    await slider.focus();
    await page.keyboard.press("Home");
    expect(await slider.inputValue()).toBe("1");
    await result.getByRole("button", { name: "Step forward one bar" }).click();
    expect(await slider.inputValue()).toBe("2");
    await slider.fill("900");
    await eventually(async () => (await tradeRows.count()) < tradeCount && (await tradeRows.count()) > 0, {
      message: "the trade table did not follow the replay cursor",
    });
    await result.getByRole("button", { name: "Play replay" }).click();
    await eventually(async () => Number(await slider.inputValue()) > 900, {
      message: "the replay did not play",
    });
    await screenshot(page, "backtest-replay");
    expect(await result.getByTestId("backtest-warnings").count()).toBe(0);
  }, 120_000);

  it("says why a backtest made no trade: the form's risk sizing and a strategy without stops", async () => {
    const page = await newPage();
    await logIn(page, "strategist-user");
    await page.goto(`${suite.baseUrl}/backtests`);
    const form = page.getByRole("form", { name: "New backtest" });
    await form.getByRole("option", { name: /^sma-cross/ }).waitFor({ state: "attached" });
    await form.getByLabel("Strategy").selectOption("bundled:sma-cross");
    await form.getByRole("option", { name: /^BTC-PERP-hyperliquid-1h/ }).waitFor({ state: "attached" });
    await form.getByLabel("Data set").selectOption(DATASET);
    // The form's default sizing is risk:0.01; sma-cross declares no stop, so no order gets a size.
    await form.getByRole("button", { name: "Run backtest" }).click();
    const result = page.getByRole("region", { name: "Backtest result" });
    const warnings = result.getByTestId("backtest-warnings");
    await warnings.waitFor({ timeout: 60_000 });
    expect(await warnings.textContent()).toMatch(
      /orders were not sent because their size came to 0: risk sizing sizes to the distance to an order's stop/,
    );
    await screenshot(page, "backtest-warnings");
  }, 120_000);

  it("starts a paper bot on the simulator from the Bots page, shows its position and closes it after a confirmation", async () => {
    const page = await newPage();
    await logIn(page, "trader-user");
    await page.goto(`${suite.baseUrl}/bots`);
    await page.getByRole("heading", { name: "Bots", level: 1 }).waitFor();
    const form = page.getByRole("form", { name: "New bot" });
    await form.getByLabel("Name", { exact: true }).fill("paper BTC rsi");
    await form.getByRole("option", { name: /^rsi-mean-reversion/ }).waitFor({ state: "attached" });
    await form.getByLabel("Strategy").selectOption("bundled:rsi-mean-reversion");
    await form.getByLabel(/^Parameters/).fill(QUICK_BOT_PARAMS);
    await form.getByLabel("Symbol").fill("BTC");
    await form.getByLabel("Interval").selectOption("1h");
    await form.getByLabel("Mode").selectOption("paper");
    await form.getByRole("button", { name: "Create bot" }).click();
    await page.getByRole("button", { name: "Start paper BTC rsi" }).click();
    await page.getByRole("cell", { name: "running" }).waitFor({ timeout: 30_000 });
    await screenshot(page, "bots-running");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Positions" }).click();
    await page.getByRole("heading", { name: "Positions", level: 1 }).waitFor();
    const row = page.locator("main tr[data-position-id]").first();
    await row.waitFor({ timeout: 90_000 });
    const positionId = await row.getAttribute("data-position-id");
    expect(positionId).toBeTruthy();
    await row.getByRole("cell", { name: "BTC", exact: true }).waitFor();
    await screenshot(page, "positions-open");

    await row.getByRole("button", { name: /^Close BTC long/ }).click();
    const dialog = page.getByRole("dialog", { name: "Close position?" });
    await dialog.waitFor();
    await dialog.getByText("in paper trading", { exact: false }).waitFor();
    await screenshot(page, "positions-close-confirm");
    await dialog.getByRole("button", { name: "Close BTC long" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page
      .locator(`main tr[data-position-id="${positionId}"]`)
      .waitFor({ state: "detached", timeout: 30_000 });
    const stored = await eventually(
      async () => {
        const position = await suite.database.connection.database
          .selectFrom("positions")
          .select(["status"])
          .where("id", "=", positionId as string)
          .executeTakeFirst();
        return position?.status === "closed" ? position : undefined;
      },
      { timeoutMs: 30_000, message: "the closed position is not closed in the database" },
    );
    expect(stored?.status).toBe("closed");
    await screenshot(page, "positions-closed");
  }, 180_000);
});
