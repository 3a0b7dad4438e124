import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { type RunningCli, spawnCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { freePort } from "../setup/global-postgres.ts";

describe("npm start on a new install: paper trading on the bundled simulator", () => {
  let folder: string;
  let database: TestDatabase;
  let running: RunningCli;
  let port: number;
  let client: pg.Client;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "hlbot-paper-"));
    chmodSync(folder, 0o755);
    database = await createTestDatabase();
    port = await freePort();
    running = spawnCli(["start"], {
      DATABASE_URL: database.url,
      PORT: String(port),
      PAPER_BOT_AUTOSTART: "true",
      SIMULATOR_SPEED: "20",
      SECURITY_LOG_FILE: join(folder, "security.log"),
      VENUE_FILE: join(folder, "venue.json"),
    });
    client = new pg.Client({ connectionString: database.url });
    client.on("error", () => undefined);
    await client.connect();
  });

  afterAll(async () => {
    await client?.end().catch(() => undefined);
    if (running && running.child.exitCode === null) {
      running.child.kill("SIGTERM");
      await running.exited;
    }
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("starts the default paper bot, which trades on replayed Hyperliquid candles and persists what it does", async () => {
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok, {
      timeoutMs: 90_000,
      message: "hlbot did not start",
    });
    const bot = await eventually(
      async () => {
        const rows = await client.query("SELECT id, status, strategy_type, mode FROM bots");
        return rows.rows[0]?.status === "running" ? rows.rows[0] : undefined;
      },
      { timeoutMs: 60_000, message: "the default bot is not running" },
    );
    expect(bot).toMatchObject({ strategy_type: "donchian-breakout", mode: "paper" });
    const orders = await eventually(
      async () => {
        const rows = await client.query(
          "SELECT status, symbol, client_order_id FROM orders WHERE bot_id = $1",
          [bot.id],
        );
        return rows.rows.some((row) => row.status === "filled") ? rows.rows : undefined;
      },
      { timeoutMs: 150_000, message: "the paper bot placed no filled order" },
    );
    expect(orders?.[0]).toMatchObject({ symbol: "BTC" });
    // Each fill is logged with the event name the operations manual greps for.
    await eventually(() => running.output().includes('"event":"trade_executed"'), {
      message: "no trade_executed log line",
    });
    // Fills and the position row are written as the venue reports them: wait for them too.
    await eventually(
      async () => {
        const fills = await client.query("SELECT count(*)::int AS n FROM fills WHERE mode = 'paper'");
        const positions = await client.query("SELECT count(*)::int AS n FROM positions WHERE bot_id = $1", [
          bot.id,
        ]);
        return fills.rows[0].n > 0 && positions.rows[0].n > 0;
      },
      { timeoutMs: 60_000, message: "no fill or position row" },
    );
  }, 240_000);

  it("closes every position through the emergency endpoint, audited", async () => {
    const password = /one-time password\n\n\s+(\S+)\n/.exec(running.output())?.[1] ?? "";
    const base = `http://127.0.0.1:${port}`;
    const post = async (path: string, body: unknown, token?: string) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const first = (await (await post("/api/auth/login", { username: "admin", password })).json()) as {
      access_token: string;
    };
    const changed = (await (
      await post(
        "/api/auth/password",
        { current_password: password, new_password: "Paper-Admin-Pass-42" },
        first.access_token,
      )
    ).json()) as { access_token: string };
    expect(changed.access_token, JSON.stringify(changed)).toMatch(/^ey/);
    // Live events of the running bot reach WebSocket clients.
    const { default: WebSocket } = await import("ws");
    const received = await eventually(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws?access_token=${changed.access_token}`);
          const done = (value: boolean) => {
            clearTimeout(timer);
            socket.terminate();
            resolve(value);
          };
          const timer = setTimeout(() => done(false), 10_000);
          socket.on("error", () => done(false));
          socket.on("unexpected-response", () => done(false));
          socket.on("open", () =>
            socket.send(JSON.stringify({ type: "subscribe", channels: ["fills", "positions", "orders"] })),
          );
          socket.on("message", (data) => {
            if ((JSON.parse(data.toString()) as { type: string }).type === "event") done(true);
          });
        }),
      { timeoutMs: 60_000, message: "no live bot event over the WebSocket" },
    );
    expect(received).toBe(true);
    const missingReason = await post("/api/trades/positions/close-all", {}, changed.access_token);
    expect(missingReason.status).toBe(400);
    const closeAll = await post(
      "/api/trades/positions/close-all",
      { reason: "end of the test" },
      changed.access_token,
    );
    expect(closeAll.status).toBe(200);
    await eventually(
      async () => {
        const open = await client.query("SELECT count(*)::int AS n FROM positions WHERE status = 'open'");
        return open.rows[0].n === 0;
      },
      { timeoutMs: 60_000, message: "positions stayed open" },
    );
    const audit = await client.query(
      "SELECT actor, reason FROM audit_log WHERE action = 'close_all_positions'",
    );
    expect(audit.rows[0]).toMatchObject({ actor: "admin", reason: "end of the test" });
  }, 120_000);

  it("check-position compares the venue with the database and fails loudly on a difference", async () => {
    const scripts = new URL("../../scripts/check-position", import.meta.url).pathname;
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      HLBOT_PGPASS: join(folder, "pgpass"),
      VENUE_FILE: join(folder, "venue.json"),
    };
    const { spawnSync } = await import("node:child_process");
    const cwd = new URL("../..", import.meta.url).pathname;
    // A coin the bot does not trade: nothing on the venue, nothing in the database.
    const same = spawnSync(scripts, ["ETH"], { env, cwd, encoding: "utf8" });
    expect(same.status, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toContain("true");
    await client.query(
      "INSERT INTO positions (symbol, side, size, entry_price, status) VALUES ('ETH', 'long', 0.5, 100000, 'open')",
    );
    const differs = spawnSync(scripts, ["ETH"], { env, cwd, encoding: "utf8" });
    expect(differs.status).toBe(1);
    expect(differs.stderr).toMatch(/the venue holds .* but the database has/);
    await client.query("DELETE FROM positions WHERE entry_price = 100000");
  }, 60_000);

  it("stops cleanly on SIGTERM with the bot still marked running (it restarts with the suite)", async () => {
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    const rows = await client.query("SELECT status FROM bots");
    expect(rows.rows[0]?.status).toBe("running");
  });
});
