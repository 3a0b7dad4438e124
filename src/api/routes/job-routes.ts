import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { SweepService } from "../../app/backtests/sweep-service.ts";
import type { ReportJobService } from "../../app/reports/report-jobs.ts";

const IdParams = z.object({ id: z.uuid({ error: "id must be a UUID" }) });
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Parameter sweeps and report jobs: queued on pg-boss, run by any worker, answered by any replica. */
export async function jobRoutes(
  app: FastifyInstance,
  options: { sweeps: SweepService; reports: ReportJobService },
): Promise<void> {
  const { sweeps, reports } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: "viewer", rateLimitTier: "read" } as const;

  routes.post(
    "/api/backtesting/sweeps",
    {
      schema: {
        tags: ["backtests"],
        summary: "Queue a parameter sweep",
        description:
          "A backtest configuration (as for POST /api/backtesting) plus `grid` {param: [values]} and " +
          "`rankBy` (sharpe, sortino, calmar, returnPct, profitFactor, winRatePct, maxDrawdownPct, sqn). One " +
          "backtest job per valid combination (at most 1,000); combinations the strategy rejects are listed " +
          "under `skipped` with the reason.",
      },
      config: { access: "strategist", rateLimitTier: "mutation" },
    },
    async (request, reply) =>
      reply.status(202).send(await sweeps.create(request.body, request.user?.userId ?? null)),
  );

  routes.get(
    "/api/backtesting/sweeps/:id",
    {
      schema: {
        params: IdParams,
        tags: ["backtests"],
        summary: "A sweep's progress and its combinations, best first by its ranking statistic",
      },
      config: read,
    },
    async (request) => sweeps.get(request.params.id),
  );

  routes.delete(
    "/api/backtesting/sweeps/:id",
    {
      schema: { params: IdParams, tags: ["backtests"] },
      config: { access: "strategist", rateLimitTier: "mutation" },
    },
    async (request) => sweeps.cancel(request.params.id),
  );

  routes.post(
    "/api/reports/jobs",
    {
      schema: {
        tags: ["reports"],
        summary: "Queue a performance report",
        description:
          "`{period: day|week|month|all}`; a worker computes it for the period ending now and renders its HTML.",
      },
      config: { access: "viewer", rateLimitTier: "mutation" },
    },
    async (request, reply) =>
      reply.status(202).send(await reports.create(request.body, request.user?.userId ?? null)),
  );

  routes.get(
    "/api/reports/jobs",
    { schema: { querystring: ListQuery, tags: ["reports"] }, config: read },
    async (request) => ({ reports: await reports.list(request.query.limit) }),
  );

  routes.get(
    "/api/reports/jobs/:id",
    { schema: { params: IdParams, tags: ["reports"] }, config: read },
    async (request) => reports.get(request.params.id),
  );

  routes.get(
    "/api/reports/jobs/:id/html",
    {
      schema: { params: IdParams, tags: ["reports"], summary: "The report as a self-contained HTML page" },
      config: read,
    },
    async (request, reply) =>
      reply.type("text/html; charset=utf-8").send(await reports.html(request.params.id)),
  );
}
