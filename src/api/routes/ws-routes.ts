import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EventHub, HubEvent } from "../../app/events/event-hub.ts";

/** Channels a client may subscribe to; `backtest:<id>` narrows `backtests` to one run. */
export const WS_CHANNELS = [
  "backtests",
  "risk",
  "positions",
  "orders",
  "fills",
  "trades",
  "prices",
  "bots",
] as const;

const ClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("subscribe"), channels: z.array(z.string().max(80)).min(1).max(20) }),
  z.object({ type: z.literal("unsubscribe"), channels: z.array(z.string().max(80)).min(1).max(20) }),
  z.object({ type: z.literal("ping") }),
]);

const validChannel = (channel: string) =>
  (WS_CHANNELS as readonly string[]).includes(channel) || /^backtest:[0-9a-f-]{36}$/.test(channel);

/**
 * WebSocket `/api/ws` (viewer and up; browsers pass `?access_token=`): subscribe to channels and receive
 * `{type:"event", channel, event, data, time}` messages from any API replica.
 */
export async function wsRoutes(app: FastifyInstance, options: { hub: EventHub }): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.get(
    "/api/ws",
    { websocket: true, config: { access: "viewer", rateLimitTier: "read" } },
    (socket, request) => {
      const channels = new Set<string>();
      const send = (message: unknown) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      const unsubscribe = options.hub.subscribe((event: HubEvent) => {
        const id = (event.data as { id?: unknown } | null)?.id;
        const wanted =
          channels.has(event.channel) ||
          (event.channel === "backtests" && typeof id === "string" && channels.has(`backtest:${id}`));
        if (wanted) send({ type: "event", ...event });
      });
      socket.on("message", (raw: Buffer) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.toString());
        } catch {
          send({ type: "error", message: "messages must be JSON" });
          return;
        }
        const message = ClientMessage.safeParse(parsed);
        if (!message.success) {
          send({
            type: "error",
            message: `bad message: ${message.error.issues[0]?.message ?? "invalid"} (type subscribe|unsubscribe|ping)`,
          });
          return;
        }
        if (message.data.type === "ping") {
          send({ type: "pong", time: Date.now() });
          return;
        }
        const unknown = message.data.channels.filter((channel) => !validChannel(channel));
        if (unknown.length > 0) {
          send({
            type: "error",
            message: `unknown channel(s): ${unknown.join(", ")}; channels: ${WS_CHANNELS.join(", ")}, backtest:<id>`,
          });
          return;
        }
        for (const channel of message.data.channels) {
          if (message.data.type === "subscribe") channels.add(channel);
          else channels.delete(channel);
        }
        send({ type: "subscribed", channels: [...channels] });
      });
      socket.on("close", unsubscribe);
      request.log.debug({ event: "ws_connected", user: request.user?.username }, "websocket connected");
      send({ type: "welcome", user: request.user?.username, channels: WS_CHANNELS });
    },
  );
}
