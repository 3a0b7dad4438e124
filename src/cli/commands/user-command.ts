import type { Command } from "commander";
import { AuthService } from "../../app/auth/auth-service.ts";
import { resolveJwtSecret } from "../../app/auth/jwt-secret.ts";
import { TokenService } from "../../app/auth/token-service.ts";
import { listUserViews } from "../../app/auth/user-directory.ts";
import { openDatabase } from "../../app/database-runtime.ts";
import { applyMigrations } from "../../app/migrations.ts";
import { commandContext } from "../context.ts";
import { formatOption, printJson, printTable } from "../output.ts";

/** `hlbot user create|list`. */
export function registerUserCommand(program: Command): void {
  const user = program.command("user").description("API users and their roles");

  user
    .command("create")
    .description(
      "create a user (roles: viewer < trader < strategist < admin); the password needs 12+ characters with upper, lower, digit and symbol",
    )
    .requiredOption("--username <name>", "3-64 letters, digits, . _ -")
    .requiredOption(
      "--password <password>",
      'the user\'s password (prefer an environment variable: --password "$PASSWORD")',
    )
    .option("--role <role>", "viewer, trader, strategist or admin", "viewer")
    .addOption(formatOption())
    .action(async (options: { username: string; password: string; role: string; format: string }) => {
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      try {
        await applyMigrations(runtime.connection.database);
        const tokens = new TokenService(
          resolveJwtSecret(config.JWT_SECRET),
          config.ACCESS_TOKEN_TTL_MINUTES * 60,
        );
        const auth = new AuthService(runtime.connection.database, tokens, logger);
        const created = await auth.createUser(
          { username: options.username, password: options.password, role: options.role },
          "cli",
        );
        if (options.format === "json") printJson(created);
        else process.stdout.write(`created user ${created.username} (${created.role})\n`);
      } finally {
        await runtime.close();
      }
    });

  user
    .command("list")
    .description("list users with their roles")
    .addOption(formatOption())
    .action(async (options: { format: string }) => {
      const { config, logger } = commandContext();
      const runtime = await openDatabase(config, logger);
      try {
        await applyMigrations(runtime.connection.database);
        const users = await listUserViews(runtime.connection.database);
        if (options.format === "json") printJson({ users });
        else printTable(users, ["username", "role", "mustChangePassword", "createdAt", "lastLoginAt"]);
      } finally {
        await runtime.close();
      }
    });
}
