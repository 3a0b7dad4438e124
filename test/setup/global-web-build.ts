import { pino } from "pino";
import { ensureWebBuild } from "../../src/app/web-build.ts";

/**
 * Builds the dashboard once before the tests when it is missing or stale, so the tests that run
 * `hlbot start` (several at once, on a fresh clone) do not each build it in parallel.
 */
export async function setup(): Promise<void> {
  await ensureWebBuild(pino({ level: "silent" }));
}
