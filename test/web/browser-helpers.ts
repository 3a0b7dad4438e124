import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";

const root = new URL("../..", import.meta.url).pathname;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(root, "test-output", "screenshots");

/**
 * Builds the dashboard into test-output/`folder` (so a developer's web/dist is left alone; test files that
 * run in parallel pass their own folder); returns the folder.
 */
export async function buildDashboard(folder = "web-dist"): Promise<string> {
  const outDir = join(root, "test-output", folder);
  // Vite keeps a NODE_ENV it finds set (vitest sets "test"), which would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: join(root, "web", "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/** Debian's Chromium, headless. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install it with apt-get install -y chromium`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
