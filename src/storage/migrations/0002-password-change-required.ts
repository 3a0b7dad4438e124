import { type Kysely, sql } from "kysely";

/** Users created with a one-time password must change it before using the API. */
export async function up(database: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`.execute(
    database,
  );
}

export async function down(database: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN must_change_password`.execute(database);
}
