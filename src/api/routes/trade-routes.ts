import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../app/database-runtime.ts";
import { performanceReport, REPORT_PERIODS } from "../../app/reports/performance-report.ts";
import { listOpenPositions } from "../../app/trades/position-queries.ts";
import { dailyTradeStats, getTrade, listTrades } from "../../app/trades/trade-queries.ts";
import { NotFoundError, ValidationError } from "../../core/errors.ts";

const isoDate = z.iso
  .datetime({ offset: true, error: "expected an ISO 8601 date-time" })
  .or(z.iso.date({ error: "expected an ISO 8601 date" }));
const TradesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  symbol: z
    .string()
    .regex(/^[A-Za-z0-9._/-]{1,32}$/, "expected a symbol such as BTC")
    .optional(),
  strategy: z.string().min(1).max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
const TradeParams = z.object({ id: z.uuid({ error: "id must be a UUID" }) });
const DailyQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
const PeriodQuery = z.object({ period: z.enum(REPORT_PERIODS).default("day") });

/** Trades, statistics, open positions and performance reports (viewer and up). */
export async function tradeRoutes(app: FastifyInstance, options: { database: Database }): Promise<void> {
  const { database } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: "viewer", rateLimitTier: "read" } as const;

  routes.get(
    "/api/trades",
    { schema: { querystring: TradesQuery, tags: ["trades"] }, config: read },
    async (request) => {
      const { from, to, ...rest } = request.query;
      const fromDate = from ? new Date(from) : undefined;
      const toDate = to ? new Date(to) : undefined;
      if (fromDate && toDate && fromDate >= toDate) {
        throw new ValidationError("querystring.from must be before querystring.to", { field: "from" });
      }
      const result = await listTrades(database, { ...rest, from: fromDate, to: toDate });
      return { ...result, limit: rest.limit, offset: rest.offset };
    },
  );

  routes.get(
    "/api/trades/stats/daily",
    { schema: { querystring: DailyQuery, tags: ["trades"] }, config: read },
    async (request) => await dailyTradeStats(database, request.query.days),
  );

  routes.get("/api/trades/stats/overall", { schema: { tags: ["trades"] }, config: read }, async () => {
    const { equity: _equity, ...report } = await performanceReport(database, "all");
    return report;
  });

  routes.get("/api/trades/positions", { schema: { tags: ["trades"] }, config: read }, async () => ({
    positions: await listOpenPositions(database),
  }));

  routes.get(
    "/api/trades/:id",
    { schema: { params: TradeParams, tags: ["trades"] }, config: read },
    async (request) => {
      const trade = await getTrade(database, request.params.id);
      if (!trade) throw new NotFoundError(`no trade ${request.params.id}`);
      return trade;
    },
  );

  routes.get(
    "/api/reports/performance",
    { schema: { querystring: PeriodQuery, tags: ["reports"] }, config: read },
    async (request) => await performanceReport(database, request.query.period),
  );
}
