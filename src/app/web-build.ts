import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../core/logger.ts";
import { PROJECT_ROOT } from "../core/version.ts";

/** The dashboard's sources and build output. */
export const WEB_ROOT = join(PROJECT_ROOT, "web");
export const WEB_DIST = join(WEB_ROOT, "dist");

function newestChange(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the dashboard (Vite) when `web/dist` is missing or older than its sources, so a fresh
 * `npm install && npm start` serves it without another step. Returns the folder to serve.
 * Several processes may start at once (replicas, tests): each builds into its own folder and swaps it
 * in with a rename, so none ever serves or deletes another's half-written build.
 */
export async function ensureWebBuild(logger: Logger): Promise<string> {
  const index = join(WEB_DIST, "index.html");
  const stale = !existsSync(index) || statSync(index).mtimeMs < newestChange(join(WEB_ROOT, "src"));
  if (stale) {
    process.stderr.write("building the dashboard (web/) ...\n");
    const started = Date.now();
    const { build } = await import("vite");
    const staging = `${WEB_DIST}.building-${process.pid}`;
    try {
      await build({
        configFile: join(WEB_ROOT, "vite.config.ts"),
        logLevel: "warn",
        build: { outDir: staging, emptyOutDir: true },
      });
      rmSync(WEB_DIST, { recursive: true, force: true });
      try {
        renameSync(staging, WEB_DIST);
      } catch (error) {
        // Another process swapped its build in between: that one is as good as ours.
        if (!existsSync(index)) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    logger.info({ event: "web_built", durationMs: Date.now() - started }, "dashboard built");
  }
  return WEB_DIST;
}
