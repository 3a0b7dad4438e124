import type { Command } from "commander";
import { startSuite } from "../../api/server.ts";
import { serviceContext } from "../context.ts";

/** `hlbot start`: embedded PostgreSQL (unless DATABASE_URL), migrations, the API; stops cleanly on SIGINT/SIGTERM. */
export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description(
      "start the suite: PostgreSQL (embedded in PG_DATA_DIR unless DATABASE_URL is set), pending migrations and the API on PORT",
    )
    .action(async () => {
      const { config, logger } = serviceContext();
      // Listen for signals from the first moment: one that arrives while the suite is still starting
      // (building the dashboard can take a while) stops it as soon as it is up, never killing it halfway.
      let signals = 0;
      let requested: NodeJS.Signals | undefined;
      let stopNow: ((signal: NodeJS.Signals) => void) | undefined;
      const onSignal = (signal: NodeJS.Signals) => {
        signals += 1;
        if (signals > 1) {
          process.stderr.write("second signal: exiting now\n");
          process.exit(130);
        }
        if (stopNow) stopNow(signal);
        else requested = signal;
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      process.on("SIGHUP", onSignal);
      const suite = await startSuite(config, logger);
      if (suite.firstAdmin) {
        // Shown once on the console, never through the logger.
        process.stderr.write(
          `\nFirst start: created user "${suite.firstAdmin.username}" with the one-time password\n\n    ${suite.firstAdmin.password}\n\nLog in with it and set your own password (POST /api/auth/password). It is not shown again.\n\n`,
        );
      }
      process.stderr.write(
        `hlbot is running (${config.NODE_ENV}, database: ${suite.database.description})\n${suite.urls
          .map((url) => `  ${url}`)
          .join("\n")}\nPress Ctrl-C to stop.\n`,
      );
      await new Promise<void>((resolve) => {
        stopNow = (signal: NodeJS.Signals) => {
          logger.info({ event: "shutdown", signal }, "shutting down");
          suite
            .stop()
            .then(() => {
              process.stderr.write("hlbot stopped\n");
              resolve();
            })
            .catch((error: unknown) => {
              logger.error({ err: error }, "shutdown failed");
              process.exitCode = 1;
              resolve();
            });
        };
        // A crash must not leave PostgreSQL running: stop everything, then exit non-zero.
        const crash = (error: unknown) => {
          logger.fatal({ err: error, event: "crash" }, "unexpected error; shutting down");
          void suite.stop().finally(() => process.exit(1));
        };
        process.on("uncaughtException", crash);
        process.on("unhandledRejection", crash);
        if (requested) stopNow(requested);
      });
    });
}
