import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "../../src/storage/embedded-postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let server: EmbeddedPostgresServer | undefined;
let folder: string | undefined;

/** Starts one PostgreSQL server for the whole run (or uses TEST_DATABASE_URL's server). */
export async function setup(project: TestProject): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("postgresAdminUrl", process.env.TEST_DATABASE_URL);
    return;
  }
  folder = mkdtempSync(join(tmpdir(), "hlbot-test-"));
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  (await import("node:fs")).chmodSync(folder, 0o755);
  server = await startEmbeddedPostgres({
    dataDirectory: join(folder, "postgres"),
    port: await freePort(),
    databaseName: "hlbot_test",
    ephemeral: true,
  });
  project.provide("postgresAdminUrl", server.adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}
