import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { cleanEnvironment, type RunningCli, runCli, spawnCli } from "../helpers/run-cli.ts";
import { freePort } from "../setup/global-postgres.ts";

const SCRIPTS = fileURLToPath(new URL("../../scripts/", import.meta.url));
const PASSWORD = "Ops-Viewer-Pass-123";

interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(name: string, args: string[], env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(SCRIPTS, name), args, {
      env: cleanEnvironment(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("operator scripts", () => {
  it("are shellcheck clean", () => {
    const files = readdirSync(SCRIPTS)
      .filter((file) => file.endsWith(".sh") || file === "generate-report" || file === "check-position")
      .map((file) => join(SCRIPTS, file));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const result = spawnSync(
      "shellcheck",
      ["-x", "-P", "SCRIPTDIR", ...files, join(SCRIPTS, "lib/common.sh")],
      {
        encoding: "utf8",
      },
    );
    if (result.error)
      throw new Error("shellcheck is not installed: apt-get install shellcheck (.ci/run does this)");
    expect(result.status, result.stdout).toBe(0);
  });
});

describe("operator scripts against a running instance", () => {
  let folder: string;
  let env: Record<string, string>;
  let running: RunningCli;
  let client: pg.Client;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "hlbot-ops-"));
    chmodSync(folder, 0o755);
    const port = await freePort();
    env = {
      PG_DATA_DIR: join(folder, "postgres"),
      PG_PORT: String(await freePort()),
      PORT: String(port),
      BACKUP_DIR: join(folder, "backups"),
      HLBOT_PGPASS: join(folder, "pgpass"),
      HLBOT_API_USER: "ops-viewer",
      HLBOT_API_PASSWORD: PASSWORD,
    };
    running = spawnCli(["start"], env);
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/api/health/ready`)).status === 200, {
      timeoutMs: 60_000,
      message: "hlbot did not start",
    });
    const created = await runCli(
      ["user", "create", "--username", "ops-viewer", "--password", PASSWORD, "--role", "viewer"],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const settings = JSON.parse(
      (await runCli(["db", "env", "--format", "json", "--pgpass", join(folder, "pgpass")], env)).stdout,
    );
    const credentials = JSON.parse(readFileSync(`${env.PG_DATA_DIR}.credentials.json`, "utf8"));
    client = new pg.Client({
      host: settings.PGHOST,
      port: Number(settings.PGPORT),
      user: settings.PGUSER,
      database: settings.PGDATABASE,
      password: credentials.password,
    });
    client.on("error", () => undefined);
    await client.connect();
    for (const pnl of [25, -10, 40]) {
      await client.query(
        `INSERT INTO trades (symbol, side, size, entry_price, exit_price, entry_time, exit_time, pnl, exit_reason, strategy)
         VALUES ('BTC', 'long', 1, 100, $1, now() - interval '2 hours', now() - interval '1 hour', $2, 'tp1', 'sma-cross')`,
        [100 + pnl, pnl],
      );
    }
    await client.query(
      `INSERT INTO positions (symbol, side, size, entry_price, stop_loss) VALUES ('ETH', 'long', 2, 3000, 2900)`,
    );
  });

  afterAll(async () => {
    await client?.end().catch(() => undefined);
    if (running && running.child.exitCode === null) {
      running.child.kill("SIGTERM");
      await running.exited;
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it("health-check.sh passes and prints every section", async () => {
    const result = await runScript("health-check.sh", [], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const section of ["API:", "Database:", "Disk:", "Memory:", "All checks passed"])
      expect(result.stdout).toContain(section);
    expect(result.stdout).toContain("open positions: 1");
  });

  it("morning-check.sh passes and prints the manual's seven sections", async () => {
    const result = await runScript("morning-check.sh", [], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const section of [
      "1. Service status",
      "2. System resources",
      "3. Database",
      "4. Recent errors",
      "5. Trading status",
      "6. Daily P&L",
      "7. Last backup",
      "Morning check complete",
    ]) {
      expect(result.stdout).toContain(section);
    }
    expect(result.stdout).toContain("open positions: 1");
    expect(result.stdout).toContain('"tradingState": "ACTIVE"');
    expect(result.stdout).toMatch(/"trades": 3/);
  });

  it("backs up, detects a difference, restores, and verifies identical counts and checksums", async () => {
    const backup = await runScript("backup.sh", [], env);
    expect(backup.code, backup.stderr).toBe(0);
    const file = /backup written: (\S+)/.exec(backup.stdout)?.[1] ?? "";
    expect(existsSync(file)).toBe(true);

    const verified = await runScript("test-backup-restore.sh", [], env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/OK: \d+ tables identical/);

    await client.query(`INSERT INTO trades (symbol, side, size, entry_price, exit_price, entry_time, exit_time, pnl, exit_reason)
                        VALUES ('SOL', 'short', 1, 20, 19, now() - interval '1 hour', now(), 1, 'tp2')`);
    const differs = await runScript("test-backup-restore.sh", [], env);
    expect(differs.code).toBe(1);
    expect(differs.stderr).toContain("differs");

    const refused = await runScript("restore-system.sh", [file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--yes");
    const restored = await runScript("restore-system.sh", [file, "--yes"], env);
    expect(restored.code, restored.stderr).toBe(0);
    const count = await client.query("SELECT count(*)::int AS n FROM trades");
    expect(count.rows[0].n).toBe(3);
    const again = await runScript("test-backup-restore.sh", [], env);
    expect(again.code, again.stderr).toBe(0);
  });

  it("generate-report writes an HTML report whose figures equal /api/reports/performance", async () => {
    const output = join(folder, "report.html");
    const result = await runScript(
      "generate-report",
      ["--period", "week", "--output", output, "--format", "json"],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const figures = JSON.parse(result.stdout);
    const login = await fetch(`http://127.0.0.1:${env.PORT}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ops-viewer", password: PASSWORD }),
    });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const api = (await (
      await fetch(`http://127.0.0.1:${env.PORT}/api/reports/performance?period=week`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as Record<string, unknown>;
    for (const key of [
      "totalTrades",
      "won",
      "lost",
      "winRate",
      "profitFactor",
      "totalPnl",
      "averageTrade",
      "bestTrade",
      "worstTrade",
      "maxDrawdown",
    ]) {
      expect(figures[key], key).toEqual(api[key]);
    }
    expect(figures).toMatchObject({
      totalTrades: 3,
      totalPnl: 55,
      bestTrade: 40,
      worstTrade: -10,
      maxDrawdown: 10,
    });
    const html = readFileSync(output, "utf8");
    expect(html).toContain("Profit factor");
    expect(html).toContain("LightweightCharts.createChart");
    expect(html).not.toMatch(/<script src=/);
    const bad = await runScript("generate-report", ["--period", "year"], env);
    expect(bad.code).not.toBe(0);
  });

  it("health-check.sh fails when the API is down", async () => {
    await client.end();
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    const result = await runScript("health-check.sh", [], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FAIL  liveness");
  });
});
