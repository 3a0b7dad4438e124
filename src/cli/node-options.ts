import { spawn } from "node:child_process";
import { BACKTEST_NODE_OPTIONS } from "../backtest/node-options.ts";

/** Commands started with {@link BACKTEST_NODE_OPTIONS} (job workers start a process per backtest). */
const BACKTEST_COMMANDS: ReadonlySet<string> = new Set(["backtest"]);

/**
 * The node arguments that run `argv` (a `process.argv` of `script`) again with the backtest's node
 * options, or undefined when it runs as it is: another command, or the options are already set.
 */
export function backtestRelaunchArguments(
  argv: readonly string[],
  execArgv: readonly string[],
  script: string,
): string[] | undefined {
  if (!BACKTEST_COMMANDS.has(argv[2] ?? "")) return undefined;
  const missing = BACKTEST_NODE_OPTIONS.filter((option) => !execArgv.includes(option));
  if (missing.length === 0) return undefined;
  return [...execArgv, ...missing, script, ...argv.slice(2)];
}

/**
 * Runs `node nodeArguments` with this process's stdio and ends this process as the child ends (same
 * exit code, or the same signal). SIGTERM and SIGHUP sent to this process are passed on; SIGINT is
 * not, since a terminal's Ctrl-C reaches the child itself (it is in the same process group).
 */
export function relaunch(nodeArguments: readonly string[]): void {
  const child = spawn(process.execPath, nodeArguments, { stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const ignore = () => {};
  process.on("SIGTERM", forward);
  process.on("SIGHUP", forward);
  process.on("SIGINT", ignore);
  child.on("error", (error) => {
    process.stderr.write(`hlbot: could not start node for ${nodeArguments.join(" ")}: ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    process.off("SIGTERM", forward);
    process.off("SIGHUP", forward);
    process.off("SIGINT", ignore);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
