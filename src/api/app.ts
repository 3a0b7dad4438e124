import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { ReadinessCheck } from "../app/readiness.ts";
import type { Logger } from "../core/logger.ts";
import { installErrorEnvelope } from "./error-envelope.ts";
import { healthRoutes } from "./routes/health-routes.ts";

/** Everything the HTTP API is built from. */
export interface ApiOptions {
  logger: Logger;
  version: string;
  environment: string;
  readinessChecks: ReadinessCheck[];
}

/** Builds the Fastify application (not listening yet). */
export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    // One log line per request, written by the onResponse hook below with the fields operators grep.
    logController: new LogController({ disableRequestLogging: true }),
  });
  installErrorEnvelope(app);
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        event: "http_request",
        method: request.method,
        url: request.url.split("?")[0],
        status: reply.statusCode,
        duration: Math.round(reply.elapsedTime * 100) / 100,
      },
      "request completed",
    );
  });
  await app.register(healthRoutes, {
    version: options.version,
    environment: options.environment,
    checks: options.readinessChecks,
  });
  return app;
}
