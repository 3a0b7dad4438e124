import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { BotService } from "../../app/bots/bot-service.ts";

const IdParams = z.object({ id: z.uuid({ error: "id must be a UUID" }) });
const CreateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    strategyType: z.string().min(1).max(100),
    strategyId: z.uuid().optional(),
    symbol: z.string().regex(/^[A-Z0-9]{1,20}$/, "expected a coin such as BTC"),
    interval: z.enum(["1m", "5m", "15m", "1h", "4h", "1d"]).default("1h"),
    mode: z.enum(["paper", "live"]).default("paper"),
    params: z.record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean()])).default({}),
  })
  .strict();

/** Bots: create and list (trader and up), start / pause / resume / stop, status. */
export async function botRoutes(app: FastifyInstance, options: { bots: BotService }): Promise<void> {
  const { bots } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: "viewer", rateLimitTier: "read" } as const;
  const trade = { access: "trader", rateLimitTier: "trading" } as const;

  routes.get("/api/bots", { schema: { tags: ["bots"] }, config: read }, async () => ({
    bots: await bots.list(),
  }));
  routes.post(
    "/api/bots",
    { schema: { body: CreateBody, tags: ["bots"] }, config: { access: "trader", rateLimitTier: "mutation" } },
    async (request, reply) =>
      reply.status(201).send(await bots.create(request.body, request.user?.userId ?? null)),
  );
  routes.get(
    "/api/bots/:id",
    { schema: { params: IdParams, tags: ["bots"] }, config: read },
    async (request) => bots.get(request.params.id),
  );
  for (const action of ["start", "pause", "resume", "stop"] as const) {
    routes.post(
      `/api/bots/:id/${action}`,
      { schema: { params: IdParams, tags: ["bots"] }, config: trade },
      async (request) => bots.act(request.params.id, action),
    );
  }
}
