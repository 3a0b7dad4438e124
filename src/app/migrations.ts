import type { Database } from "../storage/index.ts";
import {
  type MigrationRun,
  type MigrationStatus,
  migrateToLatest,
  migrationStatus,
  rollbackOne,
} from "../storage/index.ts";

export type { MigrationRun, MigrationStatus };

/** Applies every pending migration. */
export function applyMigrations(database: Database): Promise<MigrationRun> {
  return migrateToLatest(database);
}

/** Undoes the most recent migration. */
export function rollbackMigration(database: Database): Promise<MigrationRun> {
  return rollbackOne(database);
}

/** Lists migrations with their applied time. */
export function listMigrations(database: Database): Promise<MigrationStatus[]> {
  return migrationStatus(database);
}
