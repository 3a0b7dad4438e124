import { spawn } from "node:child_process";

/**
 * Node options of the commands that run backtests (`hlbot backtest`, and `hlbot worker`, whose job
 * threads run backtests and sweeps). V8 reads them only from a process's command line, so
 * `bin/hlbot.js` starts these commands again in a child process with them when they are missing.
 *
 * `--no-concurrent-recompilation`: V8 compiles a function that has become hot at once, on the thread
 * that runs it, instead of on a background thread while the run goes on in slower code. With the
 * background compiler, which functions of the order path end up inlined into which depends on when
 * each compile finishes, so every process runs different machine code. Measured on the 2-core VM
 * (SMA(10/20) all-in, 7 processes each): 1h files 19.1–21.9 M bars/s with the background compiler,
 * 21.4–22.0 without; FIL 1m 21.0–23.3 and 23.1–23.6. The compile work is the same; it just no longer
 * overlaps the run, which a batch job does not need.
 */
export const BACKTEST_NODE_OPTIONS: readonly string[] = ["--no-concurrent-recompilation"];

/** Commands started with {@link BACKTEST_NODE_OPTIONS}. */
const BACKTEST_COMMANDS: ReadonlySet<string> = new Set(["backtest", "worker"]);

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

/** Signals passed on to the child started by {@link relaunch}. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Runs `node nodeArguments` with this process's stdio and ends this process as the child ends (same
 * exit code, or the same signal). SIGINT, SIGTERM and SIGHUP sent to this process are passed on, each
 * once: the child runs in a process group of its own, so a terminal's Ctrl-C reaches it only through
 * this process (a second SIGINT would cut short the graceful stop of `hlbot worker`).
 */
export function relaunch(nodeArguments: readonly string[]): void {
  const child = spawn(process.execPath, nodeArguments, { stdio: "inherit", detached: true });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  child.on("error", (error) => {
    process.stderr.write(`hlbot: could not start the command's process: ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    for (const forwarded of FORWARDED_SIGNALS) process.off(forwarded, forward);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
