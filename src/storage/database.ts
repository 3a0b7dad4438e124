import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { DatabaseSchema } from "./schema.ts";

// Return int8 (count(*)) as numbers and keep numeric as exact strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// Calendar dates stay `YYYY-MM-DD` strings (no time zone shift).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** The application's database handle. */
export type Database = Kysely<DatabaseSchema>;

/** A database handle together with its connection pool. */
export interface DatabaseConnection {
  readonly database: Database;
  readonly pool: pg.Pool;
  /** Closes every pooled connection. */
  close(): Promise<void>;
  /** Calls `listener` whenever a new connection cannot be made or an idle one breaks. */
  onConnectionFailure(listener: (error: Error) => void): void;
}

/** Opens a pooled connection to PostgreSQL. Connections are made lazily, on first query. */
export function connectDatabase(url: string, options: { poolMax?: number } = {}): DatabaseConnection {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  const failureListeners: Array<(error: Error) => void> = [];
  const reportFailure = (error: Error) => {
    for (const listener of failureListeners) listener(error);
  };
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", reportFailure);
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    try {
      return await connect();
    } catch (error) {
      reportFailure(error as Error);
      throw error;
    }
  };
  const database = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    database,
    pool,
    close: async () => {
      if (closed) return;
      closed = true;
      await database.destroy();
    },
    onConnectionFailure: (listener) => {
      failureListeners.push(listener);
    },
  };
}

/** Runs `SELECT 1` and returns the round trip in ms. Throws when the server cannot answer. */
export async function pingDatabase(database: Database): Promise<number> {
  const started = performance.now();
  await sql`SELECT 1`.execute(database);
  return performance.now() - started;
}
