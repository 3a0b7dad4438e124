import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { StrategyConfigs } from "../../app/strategies/strategy-configs.ts";
import { listBundledStrategies } from "../../app/strategy-catalog.ts";

const IdParams = z.object({ id: z.uuid({ error: "id must be a UUID" }) });
const ParamValues = z.record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean()]));
const CreateBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9 ._-]+$/, "letters, digits, space, . _ -"),
    strategyType: z.string().min(1).max(100),
    params: ParamValues.default({}),
    description: z.string().max(1000).optional(),
  })
  .strict();
const UpdateBody = z
  .object({
    params: ParamValues.optional(),
    description: z.string().max(1000).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

/** Bundled strategies with their parameter schemas, and stored configurations (strategist and up to change). */
export async function strategyRoutes(
  app: FastifyInstance,
  options: { configs: StrategyConfigs },
): Promise<void> {
  const { configs } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: "viewer", rateLimitTier: "read" } as const;
  const write = { access: "strategist", rateLimitTier: "mutation" } as const;

  routes.get("/api/strategies", { schema: { tags: ["strategies"] }, config: read }, async () => ({
    bundled: listBundledStrategies(),
    stored: await configs.list(),
  }));
  routes.post(
    "/api/strategies",
    { schema: { body: CreateBody, tags: ["strategies"] }, config: write },
    async (request, reply) =>
      reply.status(201).send(await configs.create(request.body, request.user?.userId ?? null)),
  );
  routes.get(
    "/api/strategies/:id",
    { schema: { params: IdParams, tags: ["strategies"] }, config: read },
    async (request) => configs.get(request.params.id),
  );
  routes.put(
    "/api/strategies/:id",
    { schema: { params: IdParams, body: UpdateBody, tags: ["strategies"] }, config: write },
    async (request) => configs.update(request.params.id, request.body),
  );
  routes.post(
    "/api/strategies/:id/enable",
    { schema: { params: IdParams, tags: ["strategies"] }, config: write },
    async (request) => configs.update(request.params.id, { enabled: true }),
  );
  routes.post(
    "/api/strategies/:id/disable",
    { schema: { params: IdParams, tags: ["strategies"] }, config: write },
    async (request) => configs.update(request.params.id, { enabled: false }),
  );
  routes.get(
    "/api/strategies/:id/performance",
    { schema: { params: IdParams, tags: ["strategies"] }, config: read },
    async (request) => configs.performance(request.params.id),
  );
  routes.delete(
    "/api/strategies/:id",
    { schema: { params: IdParams, tags: ["strategies"] }, config: write },
    async (request, reply) => {
      await configs.delete(request.params.id);
      return reply.status(204).send();
    },
  );
}
