import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { pino } from "pino";
import { chromium } from "playwright-core";
import { build } from "vite";
import { buildApi } from "../src/api/app.ts";
import { buildWebServer } from "../src/api/static-web.ts";
import { AuthService } from "../src/app/auth/auth-service.ts";
import { TokenService } from "../src/app/auth/token-service.ts";
import { RiskService } from "../src/app/risk/risk-service.ts";
import { LiveClock } from "../src/core/clock.ts";
import { resolveRiskLimits } from "../src/risk/index.ts";
import { connectDatabase } from "../src/storage/database.ts";
import { startEmbeddedPostgres } from "../src/storage/embedded-postgres.ts";
import { migrateToLatest } from "../src/storage/migrator.ts";
import type { BenchFigure } from "./bench-result.ts";
import { freePort } from "./free-port.ts";

export const title = "Web dashboard (issue 10)";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const LOADS = 7;

/** Builds the production dashboard into `outDir`. */
async function buildDashboard(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: join(ROOT, "web", "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** Gzipped bytes of the JavaScript index.html loads before anything else (entry script and its preloads). */
function initialJavaScriptGzipBytes(dist: string): { bytes: number; files: number } {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const sources = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1] as string);
  let bytes = 0;
  for (const source of new Set(sources)) {
    bytes += gzipSync(readFileSync(join(dist, source.replace(/^\//, ""))), { level: 9 }).length;
  }
  return { bytes, files: new Set(sources).size };
}

/**
 * A page script that stores the session and records in `window.firstDataMs` the time (ms since navigation
 * start) at which the equity card first shows a dollar amount.
 */
function firstDataProbe(accessToken: string): string {
  const session = JSON.stringify({
    accessToken,
    refreshToken: "bench",
    accessExpiresAt: Date.now() + 600_000,
  });
  return `
    sessionStorage.setItem("hlbot.session", ${JSON.stringify(session)});
    function check() {
      var value = document.querySelector('[data-testid="stat-equity"] .stat-value');
      if (window.firstDataMs === undefined && value && /[$][0-9]/.test(value.textContent || "")) {
        window.firstDataMs = performance.now();
      }
    }
    var observer = new MutationObserver(function () {
      check();
      if (window.firstDataMs !== undefined) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  `;
}

/**
 * Milliseconds from navigation start to the dashboard's equity card showing a dollar amount from the API,
 * each load in a fresh browser context (empty cache), logged in through a stored session.
 */
async function firstDataTimes(baseUrl: string, accessToken: string): Promise<number[]> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install it with apt-get install -y chromium`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  const times: number[] = [];
  try {
    for (let load = 0; load < LOADS; load++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      // A string, not a function: the TypeScript loader would add helpers the page does not have.
      await context.addInitScript(firstDataProbe(accessToken));
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      const handle = await page
        .waitForFunction(() => (globalThis as unknown as { firstDataMs?: number }).firstDataMs, undefined, {
          timeout: 30_000,
        })
        .catch(async (error: unknown) => {
          throw new Error(`no data on the dashboard: ${(await page.textContent("body"))?.slice(0, 300)}`, {
            cause: error,
          });
        });
      times.push(Number(await handle.jsonValue()));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return times;
}

export async function run(): Promise<BenchFigure[]> {
  const folder = mkdtempSync(join(tmpdir(), "hlbot-bench-web-"));
  chmodSync(folder, 0o755);
  const dist = join(folder, "dist");
  await buildDashboard(dist);
  const initial = initialJavaScriptGzipBytes(dist);
  const server = await startEmbeddedPostgres({
    dataDirectory: join(folder, "pg"),
    port: await freePort(),
    ephemeral: true,
  });
  const connection = connectDatabase(server.url, { poolMax: 10 });
  const logger = pino({ level: "silent" });
  try {
    await migrateToLatest(connection.database);
    const tokens = new TokenService("bench-secret-bench-secret-bench-secret-123", 3600);
    const auth = new AuthService(connection.database, tokens, logger);
    const user = await auth.createUser({
      username: "bench-viewer",
      password: "Bench-Password-123",
      role: "viewer",
    });
    const token = await tokens.signAccess({
      userId: user.id,
      username: user.username,
      role: "viewer",
      passwordChangeRequired: false,
    });
    const risk = new RiskService(connection.database, resolveRiskLimits(), new LiveClock(), logger);
    await risk.load(10_000);
    const api = await buildApi({
      logger,
      version: "bench",
      environment: "production",
      readinessChecks: [],
      rateLimitScale: 1_000,
      services: { database: connection.database, auth, tokens, risk },
    });
    await api.listen({ host: "127.0.0.1", port: 0 });
    const apiAddress = api.server.address();
    const apiPort = typeof apiAddress === "object" && apiAddress ? apiAddress.port : 0;
    const web = await buildWebServer({ root: dist, apiOrigin: `http://127.0.0.1:${apiPort}` });
    await web.listen({ host: "127.0.0.1", port: 0 });
    const webAddress = web.server.address();
    const baseUrl = `http://127.0.0.1:${typeof webAddress === "object" && webAddress ? webAddress.port : 0}`;
    let times: number[];
    try {
      times = await firstDataTimes(baseUrl, token);
    } finally {
      await web.close();
      await api.close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    return [
      {
        name: `navigation → first data on the dashboard, localhost, empty cache (median of ${LOADS}; worst ${Math.round(sorted.at(-1) ?? 0)} ms)`,
        value: sorted[Math.floor(sorted.length / 2)] ?? 0,
        unit: "ms",
        target: 1_000,
        better: "lower",
        issue: 10,
      },
      {
        name: `initial JavaScript, gzipped (${initial.files} file${initial.files === 1 ? "" : "s"}: the entry and its preloads)`,
        value: initial.bytes / 1000,
        unit: "kB",
        target: 300,
        better: "lower",
        issue: 10,
      },
    ];
  } finally {
    await connection.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
