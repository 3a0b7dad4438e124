/**
 * Node options of the processes that run backtests: `hlbot backtest` (which `bin/hlbot.js` starts
 * again with them) and the processes the job queue runs each backtest in. V8 reads them only from a
 * process's command line.
 *
 * `--no-concurrent-recompilation`: V8 compiles a function that has become hot at once, on the thread
 * that runs it, instead of on a background thread while the run goes on in slower code. With the
 * background compiler, which functions of the order path end up inlined into which depends on when
 * each compile finishes, so every process runs different machine code. Measured on the 2-core VM
 * (SMA(10/20) all-in, 7 processes each): 1h files 19.1–21.9 M bars/s with the background compiler,
 * 21.4–22.0 without; FIL 1m 21.0–23.3 and 23.1–23.6. The compile work is the same; it just no longer
 * overlaps the run, which a batch job does not need (a trading process, which should not stop to
 * compile in the middle of an event, keeps the background compiler).
 */
export const BACKTEST_NODE_OPTIONS: readonly string[] = ["--no-concurrent-recompilation"];
