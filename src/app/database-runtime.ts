import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Config } from "../core/config.ts";
import { OperationalError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import {
  connectDatabase,
  credentialsFileOf,
  type Database,
  type DatabaseConnection,
  type EmbeddedPostgresServer,
  postmasterPidOf,
  startEmbeddedPostgres,
} from "../storage/index.ts";

export type { Database };

/** The database a command works with, and the embedded server it started (if any). */
export interface DatabaseRuntime {
  readonly connection: DatabaseConnection;
  /** Connection URL (contains the password: never log it); for pg-boss and other clients. */
  readonly url: string;
  /** The embedded server this process started; undefined with DATABASE_URL or a shared server. */
  readonly embedded: EmbeddedPostgresServer | undefined;
  /** Where the data lives, for messages: "embedded PostgreSQL in ./var/postgres" or "DATABASE_URL". */
  readonly description: string;
  /** Closes the pool and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/** How {@link openDatabase} may use an embedded server that another hlbot process already runs. */
export type EmbeddedSharing = "exclusive" | "share";

function connectToRunningEmbedded(
  dataDirectory: string,
  poolMax: number,
): { connection: DatabaseConnection; url: string } {
  const pidLines = readFileSync(join(dataDirectory, "postmaster.pid"), "utf8").split("\n");
  const port = Number.parseInt(pidLines[3] ?? "", 10);
  const credentialsFile = credentialsFileOf(dataDirectory);
  if (!Number.isInteger(port) || !existsSync(credentialsFile)) {
    throw new OperationalError(`cannot reach the PostgreSQL server that runs in ${dataDirectory}`);
  }
  const credentials = JSON.parse(readFileSync(credentialsFile, "utf8")) as { user: string; password: string };
  const url = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/hlbot`;
  return { connection: connectDatabase(url, { poolMax }), url };
}

/**
 * Opens the configured database: the server at DATABASE_URL when set, otherwise the embedded server
 * in PG_DATA_DIR — started by this process, or (with `sharing: "share"`) the one a running
 * `hlbot start` already serves, so CLI commands work beside a running suite.
 * @throws {OperationalError} when the embedded data directory is in use and sharing is "exclusive".
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  sharing: EmbeddedSharing = "share",
): Promise<DatabaseRuntime> {
  if (config.DATABASE_URL) {
    const connection = connectDatabase(config.DATABASE_URL, { poolMax: config.DB_POOL_MAX });
    return {
      connection,
      url: config.DATABASE_URL,
      embedded: undefined,
      description: "the server at DATABASE_URL",
      close: () => connection.close(),
    };
  }
  const dataDirectory = resolve(config.PG_DATA_DIR);
  const runningPid = postmasterPidOf(dataDirectory);
  if (runningPid !== undefined && sharing === "share") {
    const { connection, url } = connectToRunningEmbedded(dataDirectory, config.DB_POOL_MAX);
    return {
      connection,
      url,
      embedded: undefined,
      description: `the embedded PostgreSQL already running in ${config.PG_DATA_DIR} (pid ${runningPid})`,
      close: () => connection.close(),
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDirectory,
    port: config.PG_PORT,
    onLog: (line) => logger.debug({ component: "postgres" }, line),
  });
  const connection = connectDatabase(embedded.url, { poolMax: config.DB_POOL_MAX });
  return {
    connection,
    url: embedded.url,
    embedded,
    description: `embedded PostgreSQL in ${config.PG_DATA_DIR} (127.0.0.1:${config.PG_PORT})`,
    close: async () => {
      await connection.close();
      await embedded.stop();
    },
  };
}
