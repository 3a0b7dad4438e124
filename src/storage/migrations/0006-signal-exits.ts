import { type Kysely, sql } from "kysely";

const BEFORE = `'stop_loss', 'tp1', 'tp2', 'breakeven', 'momentum', 'time_stop', 'manual', 'emergency', 'liquidation', 'reconciliation'`;

/** Positions a strategy closes on its own signal keep the reason `signal` (it was left empty). */
export async function up(database: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      ALTER TABLE positions DROP CONSTRAINT positions_exit_reason_check;
      ALTER TABLE positions ADD CONSTRAINT positions_exit_reason_check
        CHECK (exit_reason IS NULL OR exit_reason IN (${BEFORE}, 'signal'));
    `)
    .execute(database);
}

export async function down(database: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      UPDATE positions SET exit_reason = NULL WHERE exit_reason = 'signal';
      ALTER TABLE positions DROP CONSTRAINT positions_exit_reason_check;
      ALTER TABLE positions ADD CONSTRAINT positions_exit_reason_check
        CHECK (exit_reason IS NULL OR exit_reason IN (${BEFORE}));
    `)
    .execute(database);
}
