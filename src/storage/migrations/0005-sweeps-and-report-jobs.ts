import { type Kysely, sql } from "kysely";

/**
 * Parameter sweeps (one backtest job per combination, grouped by `sweep_id`) and performance reports
 * computed as jobs (`reports`), so both run on any worker and any API replica answers for them.
 */
export async function up(database: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE backtest_sweeps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text,
      config jsonb NOT NULL,
      rank_by text NOT NULL,
      combinations integer NOT NULL CHECK (combinations > 0),
      skipped jsonb NOT NULL DEFAULT '[]',
      requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    ALTER TABLE backtests ADD COLUMN sweep_id uuid REFERENCES backtest_sweeps(id) ON DELETE CASCADE;
    CREATE INDEX idx_backtests_sweep ON backtests(sweep_id) WHERE sweep_id IS NOT NULL;

    CREATE TABLE reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL DEFAULT 'performance' CHECK (kind IN ('performance')),
      period text NOT NULL CHECK (period IN ('day', 'week', 'month', 'all')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
      result jsonb,
      html text,
      error text,
      job_id text,
      requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX idx_reports_created ON reports(created_at DESC);
  `.execute(database);
}

export async function down(database: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE reports;
    DROP INDEX idx_backtests_sweep;
    ALTER TABLE backtests DROP COLUMN sweep_id;
    DROP TABLE backtest_sweeps;
  `.execute(database);
}
