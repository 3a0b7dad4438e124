import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/storage/migrations/index.ts";
import { migrateToLatest, migrationStatus, rollbackOne } from "../../src/storage/migrator.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

/** A textual fingerprint of the schema: tables, columns with types/defaults/nullability, indexes, constraints. */
async function schemaFingerprint(testDatabase: TestDatabase): Promise<string> {
  const database = testDatabase.connection.database;
  const columns = await sql<{ line: string }>`
    SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'schema_migrations%'
    ORDER BY table_name, column_name`.execute(database);
  const indexes = await sql<{ line: string }>`
    SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'schema_migrations%'
    ORDER BY indexname`.execute(database);
  const constraints = await sql<{ line: string }>`
    SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) AS line FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'schema_migrations%'
    ORDER BY 1`.execute(database);
  return [...columns.rows, ...indexes.rows, ...constraints.rows].map((row) => row.line).join("\n");
}

describe("migrations", () => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it("go up, down and up again to the identical schema", async () => {
    const database = testDatabase.connection.database;
    const first = await migrateToLatest(database);
    expect(first.names).toEqual(Object.keys(MIGRATIONS));
    const afterUp = await schemaFingerprint(testDatabase);
    expect(afterUp).toContain("positions.exit_reason text");
    expect(afterUp).toContain(
      "CREATE INDEX idx_trades_created_at ON public.trades USING btree (created_at DESC)",
    );
    expect(afterUp).toContain("WHERE (status = 'open'::text)");

    for (let step = 0; step < Object.keys(MIGRATIONS).length; step++) await rollbackOne(database);
    expect(await schemaFingerprint(testDatabase)).toBe("");
    expect((await migrationStatus(database)).every((migration) => migration.executedAt === null)).toBe(true);

    await migrateToLatest(database);
    expect(await schemaFingerprint(testDatabase)).toBe(afterUp);
    expect((await migrationStatus(database)).every((migration) => migration.executedAt !== null)).toBe(true);
  });

  it("is a no-op when already up to date, and rollback undoes exactly one step", async () => {
    const database = testDatabase.connection.database;
    await migrateToLatest(database);
    expect((await migrateToLatest(database)).names).toEqual([]);
    const last = Object.keys(MIGRATIONS).at(-1);
    expect((await rollbackOne(database)).names).toEqual([last]);
    const status = await migrationStatus(database);
    expect(status.at(-1)?.executedAt).toBeNull();
    await migrateToLatest(database);
  });

  it("enforces the schema's rules on stored data", async () => {
    const database = testDatabase.connection.database;
    await migrateToLatest(database);
    await expect(
      sql`INSERT INTO positions (symbol, side, size, entry_price, status) VALUES ('BTC', 'sideways', 1, 100, 'open')`.execute(
        database,
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      sql`INSERT INTO candles (venue, symbol, interval, time, open, high, low, close, volume)
          VALUES ('hl', 'BTC', '1h', now(), 10, 9, 11, 10, 1)`.execute(database),
    ).rejects.toThrow(/check constraint/);
    await expect(
      sql`INSERT INTO users (username, password_hash, role) VALUES ('someone', 'x', 'superuser')`.execute(
        database,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
