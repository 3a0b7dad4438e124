/** Construction options and hooks of the Hyperliquid execution client. */
import type { ExchangeClient, InfoClient } from "@nktkas/hyperliquid";
import type { Clock } from "../core/index.ts";
import type { Order } from "../domain/index.ts";
import type { FillWire } from "../venues/hyperliquid/index.ts";
import type { VenueRetryPolicy } from "./order-submission.ts";
import type { VenueMarket } from "./venue-market.ts";

/** Callbacks of the node around the client (persistence, gap-fill, logging). */
export interface ExecutionClientHooks {
  /** An order is about to leave, with the cloid it carries (write it down before it is sent). */
  onSend?(order: Order, cloid: `0x${string}`): void;
  /** The venue learned an oid for an order. */
  onVenueOrderId?(order: Order, oid: number): void;
  /** An order response said "filled": fills should arrive; a gap-fill makes sure they do. */
  onFilledResponse?(): void;
  /** A fill on the account that no order of this node placed (manual trade, other bot, liquidation). */
  onForeignFill?(fill: FillWire): void;
  /** A request failed in a way that is not an order's rejection (retried ones included). */
  onError?(what: string, error: unknown): void;
}

/** Construction options of a `HyperliquidExecutionClient`. */
export interface HyperliquidExecutionClientOptions {
  readonly exchange: ExchangeClient;
  readonly info: InfoClient;
  /** The trading account (master address; an agent key only signs). */
  readonly user: `0x${string}`;
  /** Address of the key the exchange client signs with; `HyperliquidExecutionClient.start` checks it. */
  readonly signer?: `0x${string}`;
  /** Venue name for messages (`simulator`, `testnet`, `mainnet`). */
  readonly venue?: string;
  /** One market per engine instrument, same order. */
  readonly markets: readonly VenueMarket[];
  /** Deterministic cloid of an engine order id. */
  readonly cloidOf: (orderId: string) => `0x${string}`;
  readonly clock: Clock;
  /** Market-order price protection as a fraction of the mid; default `DEFAULT_MARKET_SLIPPAGE`. */
  readonly slippage?: number;
  readonly takerFeeRate?: number;
  /** Backoff of requests refused for load (429) or whose answer was lost; default `DEFAULT_VENUE_RETRY`. */
  readonly retry?: Partial<VenueRetryPolicy>;
  /** Waits between retries (injectable for tests); default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Dead-man's switch armed by `HyperliquidExecutionClient.start`: window and beat, ms. */
  readonly deadMan?: { readonly windowMs: number; readonly heartbeatMs?: number };
  readonly hooks?: ExecutionClientHooks;
}
