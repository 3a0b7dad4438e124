import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { processBacktestExecutor } from "../../src/app/backtests/backtest-executor.ts";
import { BACKTEST_NODE_OPTIONS } from "../../src/backtest/node-options.ts";
import { eventually } from "../helpers/eventually.ts";

const SHARED = fileURLToPath(new URL("../../../shared/data/", import.meta.url));
const FIL = "shared:FILUSDT-PERP-binance-1m-2023-08_2023-11.csv";

/** Pid and command line of this process's child that runs a backtest (read from /proc: Linux, as CI). */
function backtestChild(): { pid: number; commandLine: string[] } {
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, "utf8").trim();
    for (const pid of children === "" ? [] : children.split(" ")) {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (commandLine.some((argument) => argument.endsWith("backtest-process.ts")))
        return { pid: Number(pid), commandLine };
    }
  }
  throw new Error("no backtest process yet");
}

describe("the job queue's backtest executor", () => {
  const execute = processBacktestExecutor({ shared: SHARED, uploads: SHARED });

  it("runs a backtest in a child process started with the backtests' node options", async () => {
    const progress: number[] = [];
    const running = execute(
      { strategy: "sma-cross", dataset: FIL, cash: 10_000 },
      { progress: (fraction) => progress.push(fraction), cancelled: new Promise(() => {}) },
    );
    const child = await eventually(backtestChild, { intervalMs: 10, message: "no backtest process started" });
    expect(child.commandLine).toEqual(expect.arrayContaining([...BACKTEST_NODE_OPTIONS]));
    const results = (await running) as { perf: { bars: number }; stats: { trades: number } };
    expect(results.perf.bars).toBe(175_680);
    expect(results.stats.trades).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    await eventually(
      () =>
        !existsSync(`/proc/${child.pid}`) || readFileSync(`/proc/${child.pid}/stat`, "utf8").includes(") Z"),
      {
        message: "the backtest process did not end",
      },
    );
  });

  it("a cancel kills the process and rejects with 'cancelled'", async () => {
    let cancel = () => {};
    const cancelled = new Promise<void>((resolve) => {
      cancel = resolve;
    });
    const running = execute(
      { strategy: "sma-cross", dataset: FIL, cash: 10_000 },
      { progress: () => {}, cancelled },
    );
    const child = await eventually(backtestChild, { intervalMs: 10, message: "no backtest process started" });
    cancel();
    await expect(running).rejects.toThrow("cancelled");
    await eventually(
      () =>
        !existsSync(`/proc/${child.pid}`) || readFileSync(`/proc/${child.pid}/stat`, "utf8").includes(") Z"),
      {
        message: "the cancelled backtest process is still running",
      },
    );
  });

  it("rejects with the run's error, naming the problem, for a data set that does not exist", async () => {
    await expect(
      execute(
        { strategy: "sma-cross", dataset: "shared:no-such-file.csv", cash: 10_000 },
        { progress: () => {}, cancelled: new Promise(() => {}) },
      ),
    ).rejects.toThrow(/no-such-file/);
  });
});
