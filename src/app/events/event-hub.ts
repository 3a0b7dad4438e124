import { EventEmitter } from "node:events";
import { Redis } from "ioredis";
import type { Logger } from "../../core/logger.ts";

/** One live event for WebSocket clients: `channel` (e.g. `risk`, `backtests`, `positions`), `event`, `data`. */
export interface HubEvent {
  channel: string;
  event: string;
  data: unknown;
  /** ms UTC. */
  time: number;
}

/**
 * Fan-out of live events to every API replica's WebSocket clients. `publish` reaches all replicas
 * (through Redis when configured, in process otherwise); `deliverLocal` reaches only this process's
 * clients, for sources every replica already hears itself (PostgreSQL LISTEN/NOTIFY).
 */
export interface EventHub {
  publish(event: Omit<HubEvent, "time">): Promise<void>;
  deliverLocal(event: Omit<HubEvent, "time">): void;
  subscribe(listener: (event: HubEvent) => void): () => void;
  close(): Promise<void>;
}

const REDIS_CHANNEL = "hlbot:events";

function localHub(): EventHub & { emit(event: HubEvent): void } {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const emit = (event: HubEvent): void => {
    emitter.emit("event", event);
  };
  return {
    emit,
    publish: async (event) => {
      emit({ ...event, time: Date.now() });
    },
    deliverLocal: (event) => {
      emit({ ...event, time: Date.now() });
    },
    subscribe: (listener) => {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

/** An in-process hub (a single API process). */
export function createLocalEventHub(): EventHub {
  return localHub();
}

/** A hub shared by every replica through Redis pub/sub (`REDIS_URL`). */
export async function createRedisEventHub(url: string, logger: Logger): Promise<EventHub> {
  const local = localHub();
  const publisher = new Redis(url, { maxRetriesPerRequest: 2 });
  const subscriber = new Redis(url, { maxRetriesPerRequest: 2 });
  for (const client of [publisher, subscriber]) {
    client.on("error", (error: Error) =>
      logger.warn({ event: "redis_error", code: (error as { code?: string }).code }, "redis error"),
    );
  }
  await subscriber.subscribe(REDIS_CHANNEL);
  subscriber.on("message", (_channel: string, message: string) => {
    try {
      local.emit(JSON.parse(message) as HubEvent);
    } catch {
      logger.warn({ event: "bad_hub_message" }, "ignored a malformed event from Redis");
    }
  });
  return {
    publish: async (event) => {
      await publisher.publish(REDIS_CHANNEL, JSON.stringify({ ...event, time: Date.now() }));
    },
    deliverLocal: local.deliverLocal,
    subscribe: local.subscribe,
    close: async () => {
      subscriber.disconnect();
      publisher.disconnect();
      await local.close();
    },
  };
}
