import { spawnSync } from "node:child_process";

/** What a {@link runJsonChild} child gave: the JSON object it printed last, or why there is none. */
export type JsonChildResult<Result> = { ok: true; value: Result } | { ok: false; reason: string };

/**
 * Runs the TypeScript file `script` with `args` in a fresh Node process (its own heap and compiled
 * code, started with `nodeOptions`) and reads the JSON object it printed on the last line of stdout.
 * The child's stderr is passed through when `passStderr`, else kept for the failure reason (its first
 * line).
 */
export function runJsonChild<Result>(
  script: string,
  args: readonly string[],
  passStderr = false,
  nodeOptions: readonly string[] = [],
): JsonChildResult<Result> {
  const child = spawnSync(process.execPath, [...nodeOptions, "--import", "tsx", script, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", passStderr ? "inherit" : "pipe"],
    maxBuffer: 16 << 20,
  });
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status === 0 && line.startsWith("{")) return { ok: true, value: JSON.parse(line) as Result };
  const detail = passStderr ? "" : `: ${(child.stderr ?? "").trim().split("\n")[0]}`;
  return { ok: false, reason: `exit ${child.status ?? child.signal}${detail}` };
}
