import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Config } from "../core/config.ts";
import { OperationalError } from "../core/errors.ts";
import { credentialsFileOf, postmasterPidOf } from "../storage/index.ts";

/** libpq connection settings for operator tools (psql, pg_dump); the password stays in a 0600 pgpass file. */
export interface DatabaseEnvironment {
  PGHOST: string;
  PGPORT: string;
  PGUSER: string;
  PGDATABASE: string;
  PGPASSFILE: string;
}

const escapePgpass = (value: string) => value.replaceAll("\\", "\\\\").replaceAll(":", "\\:");

/**
 * Works out libpq settings for the configured database (DATABASE_URL, or the embedded server in
 * PG_DATA_DIR, which must be running) and writes the password to `pgpassFile` (mode 0600).
 * @throws {OperationalError} when the embedded server is not running.
 */
export function databaseEnvironment(config: Config, pgpassFile = "./var/pgpass"): DatabaseEnvironment {
  let host: string;
  let port: string;
  let user: string;
  let password: string;
  let database: string;
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    host = url.hostname || "127.0.0.1";
    port = url.port || "5432";
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
    database = decodeURIComponent(url.pathname.slice(1)) || user;
  } else {
    const dataDirectory = resolve(config.PG_DATA_DIR);
    if (postmasterPidOf(dataDirectory) === undefined) {
      throw new OperationalError(
        `the embedded PostgreSQL in ${config.PG_DATA_DIR} is not running; start hlbot first`,
      );
    }
    const lines = readFileSync(join(dataDirectory, "postmaster.pid"), "utf8").split("\n");
    const credentialsFile = credentialsFileOf(dataDirectory);
    if (!existsSync(credentialsFile)) throw new OperationalError(`missing ${credentialsFile}`);
    const credentials = JSON.parse(readFileSync(credentialsFile, "utf8")) as {
      user: string;
      password: string;
    };
    host = "127.0.0.1";
    port = lines[3]?.trim() || String(config.PG_PORT);
    user = credentials.user;
    password = credentials.password;
    database = "hlbot";
  }
  const file = resolve(pgpassFile);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${[host, port, "*", user, password].map(escapePgpass).join(":")}\n`, { mode: 0o600 });
  return { PGHOST: host, PGPORT: port, PGUSER: user, PGDATABASE: database, PGPASSFILE: file };
}
