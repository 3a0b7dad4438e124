import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { DatabaseRuntime } from "../../src/app/database-runtime.ts";
import { connectDatabase, type DatabaseConnection } from "../../src/storage/database.ts";
import { migrateToLatest } from "../../src/storage/migrator.ts";

/** A fresh, empty database of its own for one test file. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  readonly connection: DatabaseConnection;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject("postgresAdminUrl") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Creates a database with a random name on the test server; `migrate` applies every migration. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(inject("postgresAdminUrl"));
  url.pathname = `/${name}`;
  const connection = connectDatabase(url.toString(), { poolMax: 4 });
  if (options.migrate) await migrateToLatest(connection.database);
  return {
    url: url.toString(),
    name,
    connection,
    drop: async () => {
      await connection.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The test database as the app's database runtime (for job runtimes and services); closing is the test's job. */
export function asDatabaseRuntime(database: TestDatabase): DatabaseRuntime {
  return {
    connection: database.connection,
    url: database.url,
    embedded: undefined,
    description: "test",
    close: async () => undefined,
  };
}
