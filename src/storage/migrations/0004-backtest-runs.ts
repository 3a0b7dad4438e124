import { type Kysely, sql } from "kysely";

/** Which worker ran a backtest and how many times it was started (a job must never run twice). */
export async function up(database: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE backtests ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN worker text;
    CREATE INDEX idx_backtests_running ON backtests(updated_at) WHERE status = 'running';
  `.execute(database);
}

export async function down(database: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX idx_backtests_running;
    ALTER TABLE backtests DROP COLUMN attempts, DROP COLUMN worker;
  `.execute(database);
}
