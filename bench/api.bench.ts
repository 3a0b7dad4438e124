import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { sql } from "kysely";
import { pino } from "pino";
import WebSocket from "ws";
import { buildApi } from "../src/api/app.ts";
import { AuthService } from "../src/app/auth/auth-service.ts";
import { TokenService } from "../src/app/auth/token-service.ts";
import { defaultDatasetFolders } from "../src/app/backtests/datasets.ts";
import { startJobRuntime } from "../src/app/backtests/job-runtime.ts";
import { relayBacktestEvents } from "../src/app/events/backtest-events.ts";
import { createLocalEventHub } from "../src/app/events/event-hub.ts";
import { RiskService } from "../src/app/risk/risk-service.ts";
import { LiveClock } from "../src/core/clock.ts";
import { resolveRiskLimits } from "../src/risk/index.ts";
import { connectDatabase } from "../src/storage/database.ts";
import { startEmbeddedPostgres } from "../src/storage/embedded-postgres.ts";
import { migrateToLatest } from "../src/storage/migrator.ts";
import type { BenchFigure } from "./bench-result.ts";
import { freePort } from "./free-port.ts";

export const title = "API server (issue 8)";

function load(
  url: string,
  headers: Record<string, string> = {},
  connections = 20,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: 5, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

export async function run(): Promise<BenchFigure[]> {
  const folder = mkdtempSync(join(tmpdir(), "hlbot-bench-api-"));
  chmodSync(folder, 0o755);
  const server = await startEmbeddedPostgres({
    dataDirectory: join(folder, "pg"),
    port: await freePort(),
    ephemeral: true,
  });
  const connection = connectDatabase(server.url, { poolMax: 10 });
  const logger = pino({ level: "silent" });
  const runtime = {
    connection,
    url: server.url,
    embedded: undefined,
    description: "bench",
    close: async () => undefined,
  };
  const jobs = await startJobRuntime(runtime, logger, {
    workerConcurrency: 1,
    folders: defaultDatasetFolders(),
  });
  try {
    await migrateToLatest(connection.database);
    // 1,000,000 closed trades for the list endpoint.
    await sql`
      INSERT INTO trades (symbol, side, size, entry_price, exit_price, entry_time, exit_time, pnl, exit_reason, strategy, created_at)
      SELECT (ARRAY['BTC','ETH','SOL'])[1 + i % 3], 'long', 1, 100, 101, now() - (i || ' minutes')::interval - interval '1 hour',
             now() - (i || ' minutes')::interval, (i % 7) - 3, 'tp1', 'sma-cross', now() - (i || ' seconds')::interval
      FROM generate_series(1, 1000000) AS i`.execute(connection.database);
    await sql`ANALYZE trades`.execute(connection.database);
    const tokens = new TokenService("bench-secret-bench-secret-bench-secret-123", 3600);
    const auth = new AuthService(connection.database, tokens, logger);
    const user = await auth.createUser({
      username: "bench-admin",
      password: "Bench-Password-123",
      role: "admin",
    });
    const token = await tokens.signAccess({
      userId: user.id,
      username: user.username,
      role: "admin",
      passwordChangeRequired: false,
    });
    const risk = new RiskService(connection.database, resolveRiskLimits(), new LiveClock(), logger);
    await risk.load(10_000);
    const events = createLocalEventHub();
    const stopRelay = await relayBacktestEvents(connection.pool, jobs.backtests, events, logger);
    const api = await buildApi({
      logger,
      version: "bench",
      environment: "production",
      readinessChecks: [],
      rateLimitScale: 1_000_000,
      services: {
        database: connection.database,
        auth,
        tokens,
        risk,
        events,
        backtests: { service: jobs.backtests, folders: jobs.folders },
      },
    });
    const port = await freePort();
    await api.listen({ host: "127.0.0.1", port });
    const base = `http://127.0.0.1:${port}`;

    const health = await load(`${base}/api/health`);
    const trades = await load(`${base}/api/trades?limit=100`, { authorization: `Bearer ${token}` }, 4);

    // Submit → first progress event over the WebSocket.
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws?access_token=${token}`);
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "subscribe", channels: ["backtests"] }));
    await new Promise((resolve) => socket.once("message", resolve));
    const latencies: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const started = performance.now();
      const firstEvent = new Promise<void>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(data.toString());
          if (message.type === "event" && message.channel === "backtests") {
            socket.off("message", onMessage);
            resolve();
          }
        };
        socket.on("message", onMessage);
      });
      const response = await fetch(`${base}/api/backtesting`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          strategy: "sma-cross",
          dataset: "shared:BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv",
          cash: 1_000_000,
        }),
      });
      if (response.status !== 202) throw new Error(`submit failed: ${response.status}`);
      await firstEvent;
      latencies.push(performance.now() - started);
    }
    socket.close();
    await api.close();
    await stopRelay();
    await events.close();
    return [
      {
        name: "GET /api/health throughput (20 connections, 5 s)",
        value: health.requests.average,
        unit: "req/s",
        target: 10_000,
        better: "higher",
        issue: 8,
      },
      {
        name: "GET /api/health p99 latency",
        value: health.latency.p99,
        unit: "ms",
        target: 10,
        better: "lower",
        issue: 8,
      },
      {
        name: "GET /api/trades?limit=100 over 1,000,000 trades, p99 (4 connections)",
        value: trades.latency.p99,
        unit: "ms",
        target: 50,
        better: "lower",
        issue: 8,
      },
      {
        name: "backtest submit → first progress event (median of 5)",
        value: latencies.sort((a, b) => a - b)[2] ?? 0,
        unit: "ms",
        target: 200,
        better: "lower",
        issue: 8,
      },
    ];
  } finally {
    await jobs.stop();
    await connection.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
