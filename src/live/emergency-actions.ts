import type { ExchangeClient, InfoClient } from "@nktkas/hyperliquid";
import type { HyperliquidExecutionClient } from "./hyperliquid-execution-client.ts";
import type { VenueMarket } from "./venue-market.ts";

/** What the emergency actions act on: one node's venue clients and market. */
export interface EmergencyContext {
  readonly client: HyperliquidExecutionClient;
  readonly info: InfoClient;
  readonly exchange: ExchangeClient;
  readonly market: VenueMarket;
  readonly user: `0x${string}`;
}

/** Hyperliquid's answer for an order that is no longer resting (cancelled or filled meanwhile). */
const ALREADY_GONE = /never placed, already canceled, or filled/i;

/**
 * Cancels every order of the market's coin on the venue: the node's own through its client, and orders
 * the node does not know (no matching cloid) directly by venue order id, one at a time — an order that
 * filled or was cancelled in the meantime (e.g. one of the node's own whose cancel was still on its way)
 * is not an error. Resolves when the client's requests are done.
 * @throws the venue's error for any other refusal.
 */
export async function cancelEveryOrder(context: EmergencyContext): Promise<void> {
  const { client, market } = context;
  for (const order of client.openOrders()) client.cancel(order.id);
  const open = (await context.info.openOrders({ user: context.user })) as Array<{
    coin: string;
    oid: number;
    cloid?: string;
  }>;
  const unknown = open.filter(
    (order) =>
      order.coin === market.coin &&
      !client.openOrders().some((own) => client.cloidOf(own.id) === order.cloid),
  );
  for (const order of unknown) {
    await context.exchange
      .cancel({ cancels: [{ a: market.assetId, o: order.oid }] })
      .catch((error: unknown) => {
        if (!ALREADY_GONE.test(error instanceof Error ? error.message : String(error))) throw error;
      });
  }
  await client.idle();
}

/**
 * Closes the client's position at market with a reduce-only order tagged `emergency` (id `orderId`);
 * returns false when flat (nothing sent). Resolves when the request is done.
 */
export async function closeAtMarket(context: EmergencyContext, orderId: string): Promise<boolean> {
  const size = context.client.positionSize(0);
  if (size === 0) return false;
  context.client.submit(
    {
      id: orderId,
      instrumentId: context.market.instrument.id,
      side: size > 0 ? "SELL" : "BUY",
      type: "MARKET",
      quantity: Math.abs(size),
      reduceOnly: true,
      tag: "emergency",
    },
    [],
  );
  await context.client.idle();
  return true;
}
