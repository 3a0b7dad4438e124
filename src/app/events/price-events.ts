import { SubscriptionClient, WebSocketTransport } from "@nktkas/hyperliquid";
import { WebSocket } from "ws";
import { z } from "zod";
import type { Logger } from "../../core/logger.ts";
import type { HyperliquidEndpoints } from "../../venues/hyperliquid/index.ts";
import type { EventHub } from "./event-hub.ts";

/** The `allMids` payload: mid price per coin as a decimal string. */
const AllMids = z.object({ mids: z.record(z.string(), z.string().regex(/^\d+(\.\d+)?$/)) });

/** Options of {@link relayPrices}. */
export interface PriceRelayOptions {
  endpoints: HyperliquidEndpoints;
  hub: EventHub;
  logger: Logger;
  /** Publish at most this often (ms); default 1,000. */
  intervalMs?: number;
  /** Only these coins (default: every coin the venue quotes, which on mainnet is several hundred). */
  coins?: readonly string[];
}

/**
 * Relays the venue's mid prices to this replica's WebSocket clients as `prices` `mids` events
 * (`{mids: {BTC: 104250.5, …}}`, numbers), at most once per interval and only the coins whose mid changed.
 * Every replica hears the venue itself, so events are delivered locally (never through Redis, which
 * would repeat them once per replica). Frames that do not parse are logged and skipped; the socket
 * reconnects with backoff, and an unreachable venue never holds up the caller. Returns a function that
 * closes the socket.
 */
export function relayPrices(options: PriceRelayOptions): () => Promise<void> {
  const { hub, logger } = options;
  const wanted = options.coins ? new Set(options.coins) : undefined;
  const published = new Map<string, number>();
  let pending = new Map<string, number>();
  const transport = new WebSocketTransport({
    url: options.endpoints.webSocketUrl,
    isTestnet: options.endpoints.isTestnet,
    timeout: 10_000,
    reconnect: {
      WebSocket: WebSocket as never,
      reconnectionDelay: (attempt: number) => Math.min(30_000, 100 * 2 ** attempt),
      maxRetries: Number.POSITIVE_INFINITY,
    },
  } as never);
  const flush = () => {
    if (pending.size === 0) return;
    const mids = Object.fromEntries(pending);
    for (const [coin, mid] of pending) published.set(coin, mid);
    pending = new Map();
    hub.deliverLocal({ channel: "prices", event: "mids", data: { mids } });
  };
  const timer = setInterval(flush, options.intervalMs ?? 1_000);
  timer.unref();
  let warned = false;
  const subscriptions = new SubscriptionClient({ transport });
  let closed = false;
  const subscribing = subscriptions.allMids((data) => {
    const parsed = AllMids.safeParse(data);
    if (!parsed.success) {
      if (!warned) {
        logger.warn(
          { event: "prices_unreadable", issue: parsed.error.issues[0]?.message },
          "venue sent mid prices that do not parse; skipping them",
        );
      }
      warned = true;
      return;
    }
    for (const [coin, text] of Object.entries(parsed.data.mids)) {
      if (wanted && !wanted.has(coin)) continue;
      const mid = Number(text);
      if (published.get(coin) === mid) pending.delete(coin);
      else pending.set(coin, mid);
    }
  });
  subscribing.catch((error: unknown) => {
    if (!closed) logger.warn({ err: error, event: "prices_relay_failed" }, "mid prices are not relayed");
  });
  return async () => {
    closed = true;
    clearInterval(timer);
    await transport.close().catch(() => undefined);
  };
}
