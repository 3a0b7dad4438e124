import { type MigrationResult, Migrator } from "kysely";
import { OperationalError } from "../core/errors.ts";
import type { Database } from "./database.ts";
import { MIGRATIONS } from "./migrations/index.ts";

/** One migration and whether it has been applied. */
export interface MigrationStatus {
  name: string;
  executedAt: Date | null;
}

/** The outcome of a migrate or rollback call. */
export interface MigrationRun {
  /** Names of migrations applied (migrate) or undone (rollback), in order. */
  names: string[];
}

function createMigrator(database: Database): Migrator {
  return new Migrator({
    db: database,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: "schema_migrations",
    migrationLockTableName: "schema_migrations_lock",
  });
}

function unwrap(results: MigrationResult[] | undefined, error: unknown, verb: string): MigrationRun {
  if (error) {
    const failed = results?.find((result) => result.status === "Error");
    const message = error instanceof Error ? error.message : String(error);
    throw new OperationalError(`${verb} failed${failed ? ` in ${failed.migrationName}` : ""}: ${message}`, {
      cause: error,
    });
  }
  return {
    names: (results ?? []).filter((result) => result.status === "Success").map((r) => r.migrationName),
  };
}

/** Applies every pending migration, each in its own transaction. */
export async function migrateToLatest(database: Database): Promise<MigrationRun> {
  const { results, error } = await createMigrator(database).migrateToLatest();
  return unwrap(results, error, "migration");
}

/** Undoes the most recent migration (one step). */
export async function rollbackOne(database: Database): Promise<MigrationRun> {
  const { results, error } = await createMigrator(database).migrateDown();
  return unwrap(results, error, "rollback");
}

/** Lists every known migration with the time it was applied (null when pending). */
export async function migrationStatus(database: Database): Promise<MigrationStatus[]> {
  const migrations = await createMigrator(database).getMigrations();
  return migrations.map((migration) => ({ name: migration.name, executedAt: migration.executedAt ?? null }));
}
