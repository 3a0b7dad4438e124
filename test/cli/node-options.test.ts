import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { BACKTEST_NODE_OPTIONS, backtestRelaunchArguments } from "../../src/cli/node-options.ts";
import { eventually } from "../helpers/eventually.ts";
import { spawnCli } from "../helpers/run-cli.ts";

const SCRIPT = "/opt/hlbot/bin/hlbot.js";
const FIL = new URL("../../../shared/data/FILUSDT-PERP-binance-1m-2023-08_2023-11.csv", import.meta.url)
  .pathname;

/** The first child process of `pid` (read from /proc: Linux, as CI); throws while there is none. */
function firstChild(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  if (children === "") throw new Error("no child yet");
  return Number(children.split(" ")[0]);
}

describe("node options of the commands that run backtests", () => {
  it("starts backtest and worker again with the options, after any node options already given", () => {
    expect(
      backtestRelaunchArguments(
        ["node", SCRIPT, "backtest", "--data", "x.csv"],
        ["--enable-source-maps"],
        SCRIPT,
      ),
    ).toEqual(["--enable-source-maps", ...BACKTEST_NODE_OPTIONS, SCRIPT, "backtest", "--data", "x.csv"]);
    expect(backtestRelaunchArguments(["node", SCRIPT, "worker", "--concurrency", "2"], [], SCRIPT)).toEqual([
      ...BACKTEST_NODE_OPTIONS,
      SCRIPT,
      "worker",
      "--concurrency",
      "2",
    ]);
  });

  it("runs every other command, and a process that already has the options, as it is", () => {
    for (const command of ["start", "web", "simulator", "import", "--help"])
      expect(backtestRelaunchArguments(["node", SCRIPT, command], [], SCRIPT), command).toBeUndefined();
    expect(backtestRelaunchArguments(["node", SCRIPT], [], SCRIPT)).toBeUndefined();
    expect(
      backtestRelaunchArguments(["node", SCRIPT, "backtest"], [...BACKTEST_NODE_OPTIONS], SCRIPT),
    ).toBeUndefined();
  });

  it("the installed command runs a backtest in a child process that has the options", async () => {
    const running = spawnCli(["backtest", "--data", FIL, "--strategy", "sma-cross", "--format", "json"]);
    const pid = running.child.pid as number;
    // The child's command line, read from /proc while it runs.
    const childCommandLine = await eventually(
      () => {
        const commandLine = readFileSync(`/proc/${firstChild(pid)}/cmdline`, "utf8");
        // Between fork and exec the child shows hlbot's command line (or none).
        if (commandLine === "" || commandLine === readFileSync(`/proc/${pid}/cmdline`, "utf8"))
          throw new Error("child not started yet");
        return commandLine.split("\0");
      },
      { intervalMs: 10, message: "hlbot backtest started no child process" },
    );
    expect(childCommandLine).toEqual(expect.arrayContaining([...BACKTEST_NODE_OPTIONS, "backtest"]));
    expect(childCommandLine.indexOf(BACKTEST_NODE_OPTIONS[0] as string)).toBeLessThan(
      childCommandLine.indexOf("backtest"),
    );
    expect(await running.exited).toBe(0);
    const result = JSON.parse(running.output().slice(running.output().indexOf("{"))) as {
      perf: { bars: number };
    };
    expect(result.perf.bars).toBe(175_680);
  });

  it("passes a signal on to the child and ends by it, leaving no process behind", async () => {
    // A strategy that never returns: only a signal passed on can end the child.
    const folder = mkdtempSync(join(tmpdir(), "hlbot-relaunch-"));
    const spin = join(folder, "spin.mjs");
    writeFileSync(
      spin,
      [
        `import { z } from ${JSON.stringify(import.meta.resolve("zod"))};`,
        `import { defineStrategy, STRATEGY_INTERFACE_VERSION } from ${JSON.stringify(import.meta.resolve("../../src/engine/index.ts"))};`,
        "export default defineStrategy({ name: 'spin', description: 'never returns', interfaceVersion: STRATEGY_INTERFACE_VERSION,",
        "  paramsSchema: z.object({}).strict(), create: () => ({ onBar() { for (;;) {} } }) });",
      ].join("\n"),
    );
    const running = spawnCli(["backtest", "--data", FIL, "--strategy", spin, "--format", "json"]);
    const pid = running.child.pid as number;
    const childPid = await eventually(() => firstChild(pid), {
      intervalMs: 10,
      message: "hlbot backtest started no child process",
    });
    // However this test ends, the spinning process must not outlive it.
    onTestFinished(() => {
      if (existsSync(`/proc/${childPid}`)) process.kill(childPid, "SIGKILL");
    });
    const exited = once(running.child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    running.child.kill("SIGINT");
    expect(await exited).toEqual([null, "SIGINT"]);
    await eventually(() => !existsSync(`/proc/${childPid}`), {
      timeoutMs: 5_000,
      message: "the backtest's process is still running",
    });
  });
});
