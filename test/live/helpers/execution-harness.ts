import type { Fill, Order } from "../../../src/domain/index.ts";
import type { ExecutionEvents } from "../../../src/engine/index.ts";
import {
  HyperliquidExecutionClient,
  type HyperliquidExecutionClientOptions,
} from "../../../src/live/hyperliquid-execution-client.ts";
import { loadVenueMarket, type VenueMarket } from "../../../src/live/venue-market.ts";
import type { FillWire, OrderUpdateWire, PrivateKeyWallet } from "../../../src/venues/hyperliquid/index.ts";
import type { Harness } from "../../venues/helpers/simulator-harness.ts";

/** Every event the client raised, in order, as `kind:orderId[:detail]`, plus the fills. */
export class RecordedEvents implements ExecutionEvents {
  readonly log: string[] = [];
  readonly fills: Array<{ order: Order; fill: Fill }> = [];
  onOrderAccepted(order: Order) {
    this.log.push(`accepted:${order.id}`);
  }
  onOrderRejected(order: Order, reason: string) {
    this.log.push(`rejected:${order.id}:${reason}`);
  }
  onOrderTriggered(order: Order) {
    this.log.push(`triggered:${order.id}`);
  }
  onOrderFilled(order: Order, fill: Fill) {
    this.log.push(`filled:${order.id}:${fill.quantity}@${fill.price}`);
    this.fills.push({ order: { ...order }, fill: { ...fill } });
  }
  onOrderCanceled(order: Order, reason: string) {
    this.log.push(`canceled:${order.id}:${reason}`);
  }
  onOrderExpired(order: Order, reason: string) {
    this.log.push(`expired:${order.id}:${reason}`);
  }
  onOrderModified(order: Order) {
    this.log.push(`modified:${order.id}`);
  }
  onFunding() {
    this.log.push("funding");
  }
}

/** A deterministic cloid per engine order id (top bit set, as the node's are). */
export function testCloid(orderId: string): `0x${string}` {
  let hex = "";
  for (const char of orderId) hex += char.charCodeAt(0).toString(16).padStart(2, "0");
  return `0x8${hex.padEnd(31, "0").slice(0, 31)}`;
}

/** An execution client for `user` signing with `wallet`, on the harness's simulator, BTC only. */
export async function executionClient(
  harness: Harness,
  wallet: PrivateKeyWallet,
  user: `0x${string}`,
  extra: Partial<HyperliquidExecutionClientOptions> = {},
): Promise<{
  client: HyperliquidExecutionClient;
  events: RecordedEvents;
  market: VenueMarket;
  errors: string[];
}> {
  const market = await loadVenueMarket(harness.info, "BTC");
  const events = new RecordedEvents();
  const errors: string[] = [];
  const client = new HyperliquidExecutionClient({
    exchange: harness.exchangeFor(wallet),
    info: harness.info,
    user,
    markets: [market],
    cloidOf: testCloid,
    clock: harness.clock,
    retry: { attempts: 8, baseDelayMs: 5, maxDelayMs: 40 },
    hooks: { onError: (what) => errors.push(what) },
    ...extra,
  });
  client.connect(events);
  client.setMid(0, 100_000);
  return { client, events, market, errors };
}

/** Pipes the account's `orderUpdates` and `userFills` pushes into the client, as the node does. */
export async function streamAccount(
  harness: Harness,
  client: HyperliquidExecutionClient,
  user: `0x${string}`,
): Promise<void> {
  const { subscriptions } = harness.openWebSocket();
  await subscriptions.orderUpdates({ user }, (data) =>
    client.handleOrderUpdates(data as unknown as OrderUpdateWire[]),
  );
  await subscriptions.userFills({ user }, (data) =>
    client.handleFills((data as unknown as { fills: FillWire[] }).fills),
  );
}
