import { SubscriptionClient, WebSocketTransport } from "@nktkas/hyperliquid";
import type { FillWire, HyperliquidEndpoints } from "../venues/hyperliquid/index.ts";

/** A funding payment as `userEvents` pushes it. */
export interface FundingWire {
  coin: string;
  usdc: string;
  szi: string;
  fundingRate: string;
  nSamples: number | null;
  time?: number;
}

/** What a node does with the venue's pushes. */
export interface VenueHandlers {
  /** The socket (re)opened: recover what may have been missed. */
  onOpen(): void;
  onClose(): void;
  onOrderUpdates(data: unknown): void;
  onFills(fills: FillWire[]): void;
  onFunding(funding: FundingWire): void;
  /** A candle push (open time, close price as text). */
  onCandle(candle: { t: number; c: string }): void;
}

/**
 * Opens the venue WebSocket (reconnecting forever with capped exponential back-off) and subscribes to
 * the account's order updates, fills and funding events and to the coin's candles.
 */
export async function subscribeToVenue(
  options: {
    readonly endpoints: HyperliquidEndpoints;
    /** `ws` WebSocket class (Node 20). */
    readonly webSocket: unknown;
    readonly user: `0x${string}`;
    readonly coin: string;
    readonly interval: string;
  },
  handlers: VenueHandlers,
): Promise<WebSocketTransport> {
  const transport = new WebSocketTransport({
    url: options.endpoints.webSocketUrl,
    isTestnet: options.endpoints.isTestnet,
    timeout: 10_000,
    reconnect: {
      WebSocket: options.webSocket as never,
      reconnectionDelay: (attempt: number) => Math.min(30_000, 100 * 2 ** attempt),
      maxRetries: Number.POSITIVE_INFINITY,
    },
  } as never);
  const events = transport.socket as unknown as EventTarget;
  events.addEventListener("open", () => handlers.onOpen());
  events.addEventListener("close", () => handlers.onClose());
  const subscriptions = new SubscriptionClient({ transport });
  const user = options.user;
  try {
    await subscriptions.orderUpdates({ user }, (data) => handlers.onOrderUpdates(data));
    await subscriptions.userFills({ user }, (data) =>
      handlers.onFills((data as { fills: FillWire[] }).fills),
    );
    await subscriptions.userEvents({ user }, (data) => {
      const event = data as { funding?: FundingWire };
      if (event.funding !== undefined) handlers.onFunding(event.funding);
    });
    await subscriptions.candle({ coin: options.coin, interval: options.interval as never }, (data) =>
      handlers.onCandle(data as { t: number; c: string }),
    );
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw error;
  }
  return transport;
}
