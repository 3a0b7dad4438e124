import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { RiskService } from "../../app/risk/risk-service.ts";
import { NotFoundError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";

const ReasonBody = z.object({
  reason: z.string().trim().min(3, "give a reason of at least 3 characters").max(500),
});
const ReportQuery = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a UTC date YYYY-MM-DD")
    .optional(),
});

/** Risk status and daily report (viewer+), and the circuit breaker's manual trip and reset (admin). */
export async function riskRoutes(
  app: FastifyInstance,
  options: { risk: RiskService; securityLogger?: Logger },
): Promise<void> {
  const { risk } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    "/api/risk/status",
    { schema: { tags: ["risk"] }, config: { access: "viewer", rateLimitTier: "read" } },
    async () => ({ scope: risk.scope, ...risk.status(), limits: risk.limits }),
  );

  routes.get(
    "/api/risk/daily-report",
    {
      schema: { querystring: ReportQuery, tags: ["risk"] },
      config: { access: "viewer", rateLimitTier: "read" },
    },
    async (request) => {
      const date = request.query.date ?? new Date().toISOString().slice(0, 10);
      const report = await risk.dailyReport(date);
      if (!report) throw new NotFoundError(`no daily metrics recorded for ${date}`);
      return report;
    },
  );

  routes.post(
    "/api/emergency/circuit-breaker",
    {
      schema: { body: ReasonBody, tags: ["emergency"] },
      config: { access: "admin", rateLimitTier: "trading" },
    },
    async (request) => {
      const changes = await risk.trip(request.body.reason, {
        actor: request.user?.username ?? "api",
        ip: request.ip,
      });
      (options.securityLogger ?? request.log).warn(
        { event: "circuit_breaker_tripped", actor: request.user?.username, reason: request.body.reason },
        "circuit breaker tripped by hand",
      );
      return { changes, status: risk.status() };
    },
  );

  routes.post(
    "/api/emergency/circuit-breaker/reset",
    {
      schema: { body: ReasonBody, tags: ["emergency"] },
      config: { access: "admin", rateLimitTier: "trading" },
    },
    async (request) => {
      const changes = await risk.reset(request.body.reason, {
        actor: request.user?.username ?? "api",
        ip: request.ip,
      });
      (options.securityLogger ?? request.log).warn(
        { event: "circuit_breaker_reset", actor: request.user?.username, reason: request.body.reason },
        "circuit breaker reset by hand",
      );
      return { changes, status: risk.status() };
    },
  );
}
