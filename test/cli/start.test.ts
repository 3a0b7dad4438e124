import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { type RunningCli, runCli, spawnCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { freePort } from "../setup/global-postgres.ts";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function health(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const CSV =
  "timestamp,open,high,low,close,volume\n1700000000000,10,11,9,10.5,100\n1700003600000,10.5,12,10,11,50\n";

describe("hlbot start with embedded PostgreSQL", () => {
  let folder: string;
  let env: Record<string, string>;
  let running: RunningCli | undefined;
  let apiPort: number;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "hlbot-start-"));
    chmodSync(folder, 0o755);
    apiPort = await freePort();
    env = {
      PG_DATA_DIR: join(folder, "var", "postgres"),
      PG_PORT: String(await freePort()),
      PORT: String(apiPort),
    };
    writeFileSync(join(folder, "candles.csv"), CSV);
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill("SIGKILL");
      await running.exited;
    }
    const pidFile = join(env.PG_DATA_DIR ?? "", "postmaster.pid");
    if (existsSync(pidFile)) {
      const pid = Number.parseInt(readFileSync(pidFile, "utf8"), 10);
      if (processAlive(pid)) process.kill(pid, "SIGKILL");
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it("starts PostgreSQL, migrates, serves the API and prints its URLs", async () => {
    running = spawnCli(["start"], env);
    const ready = await eventually(async () => (await health(apiPort)).status === 200, {
      timeoutMs: 60_000,
      message: "the API did not become ready",
    });
    expect(ready).toBe(true);
    const liveness = await fetch(`http://127.0.0.1:${apiPort}/api/health`);
    expect(await liveness.json()).toMatchObject({ status: "healthy", environment: "test" });
    await eventually(() => running?.output().includes(`http://127.0.0.1:${apiPort}/api/health`));
    expect(existsSync(join(env.PG_DATA_DIR ?? "", "PG_VERSION"))).toBe(true);
    // An empty database gets an admin whose one-time password is shown once on the console, not in the log.
    const password = /one-time password\n\n\s+(\S+)\n/.exec(running?.output() ?? "")?.[1];
    expect(password).toBeDefined();
    const logLines = (running?.output() ?? "").split("\n").filter((line) => line.startsWith("{"));
    expect(logLines.some((line) => line.includes(password ?? "-"))).toBe(false);
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password }),
    });
    expect(login.status).toBe(200);
  });

  it("refuses a second start with a clear message and no stack trace", async () => {
    const samePort = await runCli(["start"], env);
    expect(samePort.code).toBe(1);
    expect(samePort.stderr).toMatch(/port \d+ is already in use \(PORT\)/);
    expect(samePort.stderr).not.toMatch(/\n\s+at /);

    const otherPort = await runCli(["start"], { ...env, PORT: String(await freePort()) });
    expect(otherPort.code).toBe(1);
    expect(otherPort.stderr).toMatch(/data directory .* is in use by process \d+/);
    expect(otherPort.stderr).not.toMatch(/\n\s+at /);
  });

  it("lets CLI commands use the running suite's database", async () => {
    const status = await runCli(["db", "status", "--format", "json"], env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).migrations[0]).toMatchObject({ status: "applied" });
    const imported = await runCli(
      [
        "candles",
        "import",
        join(folder, "candles.csv"),
        "--symbol",
        "BTC",
        "--interval",
        "1h",
        "--format",
        "json",
      ],
      env,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 2, inserted: 2, updated: 0 });
  });

  it("shuts down cleanly on SIGTERM, leaving no PostgreSQL process behind", async () => {
    const pidFile = join(env.PG_DATA_DIR ?? "", "postmaster.pid");
    const postmasterPid = Number.parseInt(readFileSync(pidFile, "utf8"), 10);
    expect(processAlive(postmasterPid)).toBe(true);
    running?.child.kill("SIGTERM");
    expect(await running?.exited).toBe(0);
    expect(processAlive(postmasterPid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });

  it("finds the data intact on the next start", async () => {
    running = spawnCli(["start"], env);
    await eventually(async () => (await health(apiPort)).status === 200, { timeoutMs: 60_000 });
    expect(running.output()).not.toContain("one-time password");
    const again = await runCli(
      [
        "candles",
        "import",
        join(folder, "candles.csv"),
        "--symbol",
        "BTC",
        "--interval",
        "1h",
        "--format",
        "json",
      ],
      env,
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    running.child.kill("SIGINT");
    expect(await running.exited).toBe(0);
  });
});

describe("hlbot start configuration", () => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it("stops with exit code 1 naming a bad variable", async () => {
    const result = await runCli(["start"], { PORT: "eighty" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT="eighty"');
    expect(result.stderr).toContain("between 1 and 65535");
  });

  it("uses DATABASE_URL and starts no embedded server", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hlbot-url-"));
    const port = await freePort();
    const dataDirectory = join(folder, "never-created");
    const running = spawnCli(["start"], {
      DATABASE_URL: testDatabase.url,
      PORT: String(port),
      PG_DATA_DIR: dataDirectory,
    });
    try {
      await eventually(async () => (await health(port)).status === 200, { timeoutMs: 60_000 });
      expect(existsSync(dataDirectory)).toBe(false);
      expect(running.output()).toContain("DATABASE_URL");
      expect(running.output()).not.toContain(testDatabase.url);
    } finally {
      running.child.kill("SIGTERM");
      expect(await running.exited).toBe(0);
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
