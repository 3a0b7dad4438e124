import type { Command } from "commander";
import type { FastifyBaseLogger } from "fastify";
import { buildWebServer } from "../../api/static-web.ts";
import { ensureWebBuild } from "../../app/web-build.ts";
import { serviceContext } from "../context.ts";

/** `hlbot web`: serves the dashboard on WEB_PORT and forwards /api (HTTP and WebSocket) to the API on PORT. */
export function registerWebCommand(program: Command): void {
  program
    .command("web")
    .description(
      "serve the dashboard on WEB_PORT (building it first if needed), forwarding /api to the API on PORT; npm start does this too",
    )
    .action(async () => {
      const { config, logger } = serviceContext();
      const web = await buildWebServer({
        root: await ensureWebBuild(logger),
        apiOrigin: `http://127.0.0.1:${config.PORT}`,
        logger: logger as FastifyBaseLogger,
      });
      await web.listen({ host: config.HOST, port: config.WEB_PORT });
      process.stderr.write(
        `hlbot dashboard on http://${config.HOST}:${config.WEB_PORT}/ (API at 127.0.0.1:${config.PORT})\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          web.close().finally(resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
