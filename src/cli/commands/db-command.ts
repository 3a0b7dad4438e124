import type { Command } from "commander";
import { databaseEnvironment } from "../../app/database-environment.ts";
import { openDatabase } from "../../app/database-runtime.ts";
import { applyMigrations, listMigrations, rollbackMigration } from "../../app/migrations.ts";
import { commandContext } from "../context.ts";
import { formatOption, printJson, printTable } from "../output.ts";

/** `hlbot db migrate|rollback|status`. */
export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("database schema migrations");

  db.command("migrate")
    .description("apply every pending migration")
    .addOption(formatOption())
    .action(async (options: { format: string }) => {
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      try {
        const run = await applyMigrations(runtime.connection.database);
        if (options.format === "json") printJson({ applied: run.names });
        else
          process.stdout.write(
            run.names.length ? `applied: ${run.names.join(", ")}\n` : "already up to date\n",
          );
      } finally {
        await runtime.close();
      }
    });

  db.command("rollback")
    .description("undo the most recent migration (one step back)")
    .addOption(formatOption())
    .action(async (options: { format: string }) => {
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      try {
        const run = await rollbackMigration(runtime.connection.database);
        if (options.format === "json") printJson({ rolledBack: run.names });
        else
          process.stdout.write(
            run.names.length ? `rolled back: ${run.names.join(", ")}\n` : "nothing to roll back\n",
          );
      } finally {
        await runtime.close();
      }
    });

  db.command("status")
    .description("list migrations and when each was applied")
    .addOption(formatOption())
    .action(async (options: { format: string }) => {
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      try {
        const migrations = await listMigrations(runtime.connection.database);
        const rows = migrations.map((migration) => ({
          name: migration.name,
          status: migration.executedAt ? "applied" : "pending",
          appliedAt: migration.executedAt?.toISOString() ?? null,
        }));
        if (options.format === "json") printJson({ migrations: rows });
        else printTable(rows);
      } finally {
        await runtime.close();
      }
    });

  db.command("env")
    .description(
      'print libpq settings (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSFILE) for psql and pg_dump: eval "$(hlbot db env)"; the password goes to a 0600 pgpass file, never to stdout',
    )
    .option("--pgpass <file>", "where to write the pgpass file", "./var/pgpass")
    .addOption(formatOption())
    .action((options: { pgpass: string; format: string }) => {
      const { config } = commandContext();
      const environment = databaseEnvironment(config, options.pgpass);
      if (options.format === "json") printJson(environment);
      else {
        for (const [name, value] of Object.entries(environment)) {
          process.stdout.write(`export ${name}='${value.replaceAll("'", "'\\''")}'\n`);
        }
      }
    });
}
