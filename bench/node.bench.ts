/**
 * Trading node latency (issue #7: market event → order sent): from the simulator replaying a new bar
 * (it then publishes the candle over its WebSocket) to the node's signed order request arriving at the
 * simulator's `/exchange` — WebSocket push, closed-bar fetch, strategy, risk gate, signing and the HTTP
 * send included; the venue's own signature check and matching are not — with PostgreSQL persistence
 * running as in production. The simulator runs in a worker thread (its own event loop, as a remote venue
 * would), and both times are taken there.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { WebSocket } from "ws";
import type { Strategy } from "../src/engine/index.ts";
import { TradingNode } from "../src/live/trading-node.ts";
import { DEFAULT_RISK_LIMITS } from "../src/risk/index.ts";
import { connectDatabase } from "../src/storage/database.ts";
import { startEmbeddedPostgres } from "../src/storage/embedded-postgres.ts";
import { migrateToLatest } from "../src/storage/migrator.ts";
import { TradingRepository } from "../src/storage/trading-repository.ts";
import { createPrivateKeyWallet, resolveEndpoints } from "../src/venues/hyperliquid/index.ts";
import { startSimulator } from "../src/venues/simulator/index.ts";
import type { BenchFigure } from "./bench-result.ts";
import { freePort } from "./free-port.ts";

export const title = "Trading node";

const BTC_FILE = fileURLToPath(
  new URL("../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);
const BARS = 1_000;

/** Enters long with a stop on even bars and closes on odd ones: one order per bar. */
const everyBar: Strategy = {
  onBar(ctx) {
    if (ctx.position().quantity === 0) ctx.buy({ quantity: 0.001, stopLoss: ctx.close * 0.98 });
    else ctx.closePosition();
  },
};

const WORKER_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;

/** Worker side: the simulator; on "advance" it replays a bar and answers with the time to the next order. */
if (!isMainThread && (workerData as { nodeBench?: boolean } | null)?.nodeBench) {
  let advancedAt = Number.NaN;
  const simulator = await startSimulator({
    accounts: [{ address: (workerData as { user: string }).user, usdc: 1_000_000 }],
    data: [{ file: BTC_FILE }],
    speed: 0,
    startBar: 50,
    onRequest: (path) => {
      if (path !== "/exchange" || Number.isNaN(advancedAt)) return;
      parentPort?.postMessage({ latencyMs: performance.now() - advancedAt });
      advancedAt = Number.NaN;
    },
  });
  parentPort?.on("message", (message: string) => {
    if (message === "advance") {
      advancedAt = performance.now();
      simulator.advance({ bars: 1 });
    } else void simulator.close().then(() => parentPort?.postMessage({ closed: true }));
  });
  parentPort?.postMessage({ url: simulator.url });
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

export async function run(): Promise<BenchFigure[]> {
  const folder = mkdtempSync(join(tmpdir(), "hlbot-bench-node-"));
  chmodSync(folder, 0o755);
  const server = await startEmbeddedPostgres({
    dataDirectory: join(folder, "pg"),
    port: await freePort(),
    ephemeral: true,
  });
  const connection = connectDatabase(server.url, { poolMax: 5 });
  const wallet = createPrivateKeyWallet(`0x${"61".repeat(32)}`);
  const user = wallet.address.toLowerCase() as `0x${string}`;
  const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { nodeBench: true, user } });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the node sent no order within 5 s")), 5_000);
      worker.once("message", (message: Record<string, unknown>) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  const { url } = (await next()) as { url: string };
  let node: TradingNode | undefined;
  try {
    await migrateToLatest(connection.database);
    const bot = await connection.database
      .insertInto("bots")
      .values({
        name: "bench",
        strategy_type: "every-bar",
        symbol: "BTC",
        params: "{}",
        risk_overrides: "{}",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    node = new TradingNode({
      botId: bot.id,
      strategy: everyBar,
      strategyName: "every-bar",
      coin: "BTC",
      interval: "1h",
      endpoints: resolveEndpoints("simulator", url),
      wallet,
      user,
      store: new TradingRepository(connection.database),
      mode: "paper",
      sizing: { mode: "units", quantity: 0.001 },
      // Every round trip loses its fees: allow the streak, keep every other rule in the order path.
      riskLimits: { ...DEFAULT_RISK_LIMITS, lossStreakLimit: 1_000 },
      webSocket: WebSocket,
      pollMs: 60_000,
      deadManMs: 0,
      historyBars: 30,
    });
    await node.start();
    const latencies: number[] = [];
    for (let bar = 0; bar < BARS + 20; bar++) {
      const answer = next();
      worker.postMessage("advance");
      const { latencyMs } = (await answer) as { latencyMs: number };
      // The first 20 bars warm up the JIT, the connections and the caches.
      if (bar >= 20) latencies.push(latencyMs);
      await node.settle();
    }
    latencies.sort((left, right) => left - right);
    return [
      {
        name: `market event → order sent (arrives at the venue), p50 (${BARS} bars, signed HTTP order, PostgreSQL writes)`,
        value: Math.round(percentile(latencies, 0.5) * 100) / 100,
        unit: "ms",
        target: 5,
        better: "lower",
        issue: 7,
      },
      {
        name: `market event → order sent (arrives at the venue), p99 (${BARS} bars)`,
        value: Math.round(percentile(latencies, 0.99) * 100) / 100,
        unit: "ms",
        target: 5,
        better: "lower",
        issue: 7,
      },
    ];
  } finally {
    await node?.stop().catch(() => undefined);
    const closed = next().catch(() => undefined);
    worker.postMessage("close");
    await closed;
    await worker.terminate();
    await connection.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
