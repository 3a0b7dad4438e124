import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { recordAudit } from "../../app/audit.ts";
import type { BotSupervisor } from "../../app/bots/bot-supervisor.ts";
import type { Database } from "../../app/database-runtime.ts";
import { NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";

const ReasonBody = z.object({
  reason: z.string().trim().min(3, "give a reason of at least 3 characters").max(500),
});
const IdParams = z.object({ id: z.uuid({ error: "id must be a UUID" }) });

/**
 * Emergency and manual actions on the running bots (trader and up): close one position, close all
 * positions, cancel all orders. Each is audited and logged to the security log.
 */
export async function emergencyRoutes(
  app: FastifyInstance,
  options: { supervisor: BotSupervisor; database: Database; securityLogger?: Logger },
): Promise<void> {
  const { supervisor, database } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const trade = { access: "trader", rateLimitTier: "trading" } as const;
  const audit = async (actor: string, action: string, target: string, reason: string, ip: string) => {
    await recordAudit(database, { actor, action, target, reason, ip });
    (options.securityLogger ?? app.log).warn({ event: action, actor, target, reason }, action);
  };

  routes.post(
    "/api/trades/positions/:id/close",
    { schema: { params: IdParams, body: ReasonBody, tags: ["trades"] }, config: trade },
    async (request) => {
      const position = await database
        .selectFrom("positions")
        .select(["id", "symbol", "status", "bot_id"])
        .where("id", "=", request.params.id)
        .executeTakeFirst();
      if (!position) throw new NotFoundError(`no position ${request.params.id}`);
      if (position.status !== "open")
        throw new ValidationError(`position ${position.id} is already closed`, { field: "id" });
      if (!position.bot_id)
        throw new ValidationError(`position ${position.id} belongs to no bot of this server`, {
          field: "id",
        });
      await supervisor.closePosition(position.bot_id, position.symbol);
      await audit(
        request.user?.username ?? "api",
        "position_closed_manually",
        position.id,
        request.body.reason,
        request.ip,
      );
      return { status: "closing", position: position.id };
    },
  );

  routes.post(
    "/api/trades/positions/close-all",
    { schema: { body: ReasonBody, tags: ["trades"] }, config: trade },
    async (request) => {
      const bots = await supervisor.closeAllPositions();
      await audit(
        request.user?.username ?? "api",
        "close_all_positions",
        "all",
        request.body.reason,
        request.ip,
      );
      return { status: "closing", bots };
    },
  );

  routes.post(
    "/api/trades/orders/cancel-all",
    { schema: { body: ReasonBody, tags: ["trades"] }, config: trade },
    async (request) => {
      const bots = await supervisor.cancelAllOrders();
      await audit(
        request.user?.username ?? "api",
        "cancel_all_orders",
        "all",
        request.body.reason,
        request.ip,
      );
      return { status: "cancelled", bots };
    },
  );
}
