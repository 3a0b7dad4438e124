import { type Kysely, sql } from "kysely";

/**
 * Keeps the risk manager's full serialised state and daily metrics beside the readable columns, and a
 * revision number so every process can tell a newer state (changed by another process) from its own.
 */
export async function up(database: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE risk_state ADD COLUMN state jsonb, ADD COLUMN revision bigint NOT NULL DEFAULT 0;
    ALTER TABLE risk_daily_metrics ADD COLUMN metrics jsonb;
  `.execute(database);
}

export async function down(database: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE risk_state DROP COLUMN state, DROP COLUMN revision;
    ALTER TABLE risk_daily_metrics DROP COLUMN metrics;
  `.execute(database);
}
