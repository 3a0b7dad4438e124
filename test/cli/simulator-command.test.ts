import { fileURLToPath } from "node:url";
import { HttpTransport, InfoClient } from "@nktkas/hyperliquid";
import { afterAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { type RunningCli, runCli, spawnCli } from "../helpers/run-cli.ts";
import { freePort } from "../setup/global-postgres.ts";

const DATA = fileURLToPath(
  new URL("../../../shared/data/BTC-PERP-hyperliquid-1h-2025-05-27_2025-08-11.csv", import.meta.url),
);
const ACCOUNT = "0x1111111111111111111111111111111111111111";

describe("hlbot simulator", () => {
  let running: RunningCli | undefined;
  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill("SIGKILL");
      await running.exited;
    }
  });

  it("serves Hyperliquid's info API to the unmodified SDK and stops on SIGTERM", async () => {
    const port = await freePort();
    running = spawnCli([
      "simulator",
      "--port",
      String(port),
      "--account",
      `${ACCOUNT}=5000`,
      "--data",
      DATA,
      "--speed",
      "0",
    ]);
    await eventually(() => running?.output().includes("Hyperliquid simulator listening"), {
      timeoutMs: 30_000,
    });
    const info = new InfoClient({
      transport: new HttpTransport({ apiUrl: `http://127.0.0.1:${port}`, isTestnet: true }),
    });
    const meta = await info.meta();
    expect(meta.universe.map((asset) => asset.name)).toContain("BTC");
    const state = await info.clearinghouseState({ user: ACCOUNT });
    expect(Number(state.marginSummary.accountValue)).toBe(5000);
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
  });

  it("rejects bad flags naming them", async () => {
    const result = await runCli(["simulator", "--account", "nonsense", "--port", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--account");
  });
});
