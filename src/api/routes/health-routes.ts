import type { FastifyInstance } from "fastify";
import { type ReadinessCheck, runReadinessChecks } from "../../app/readiness.ts";

/** What the health routes need to know. */
export interface HealthRouteOptions {
  version: string;
  environment: string;
  checks: ReadinessCheck[];
}

/** `GET /api/health` (liveness) and `GET /api/health/ready` (dependency probes, 503 when one fails). */
export async function healthRoutes(app: FastifyInstance, options: HealthRouteOptions): Promise<void> {
  app.get("/api/health", { schema: { tags: ["health"] }, config: { access: "public" } }, async () => ({
    status: "healthy",
    version: options.version,
    environment: options.environment,
  }));

  app.get(
    "/api/health/ready",
    { schema: { tags: ["health"] }, config: { access: "public" } },
    async (_request, reply) => {
      const checks = await runReadinessChecks(options.checks);
      const failing = Object.entries(checks)
        .filter(([, result]) => result.status === "down")
        .map(([name]) => name);
      if (failing.length > 0) {
        return reply.status(503).send({ status: "not_ready", failing, checks });
      }
      return { status: "ready", checks };
    },
  );
}
