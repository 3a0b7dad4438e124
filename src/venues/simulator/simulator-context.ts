/**
 * The state one simulator instance shares between its endpoints, and Hyperliquid's own messages.
 */
import type { Clock } from "../../core/index.ts";
import type { FaultInjector } from "./fault-injector.ts";
import type { MarketReplay } from "./market-replay.ts";
import type { NonceTracker } from "./nonce-tracker.ts";
import type { OrderHistory } from "./order-history.ts";
import type { SignerRegistry } from "./signer-registry.ts";
import type { SimulatedExchange, SimulatedMarket } from "./simulated-exchange.ts";

/** Which network's signatures the simulator accepts (L1 `source` "a"/"b"). */
export type SignatureNetwork = "mainnet" | "testnet" | "either";

/** Per-account dead-man's switch. */
export interface ScheduledCancel {
  time: number | null;
  /** UTC day (ms of 00:00) the count belongs to. */
  day: number;
  triggersToday: number;
}

/** Shared state of one simulator. */
export interface SimulatorContext {
  /** Wall time of the venue: nonces, `expiresAfter`, agent expiry, `scheduleCancel`. */
  clock: Clock;
  /**
   * Time stamped on market and account events (orders, fills, books, account state): the replayed
   * market time when candles are replayed, so candles, fills and funding share one timeline;
   * otherwise the clock.
   */
  eventTime(): number;
  exchange: SimulatedExchange;
  replay: MarketReplay | null;
  registry: SignerRegistry;
  nonces: NonceTracker;
  faults: FaultInjector;
  network: SignatureNetwork;
  marketsByCoin: Map<string, SimulatedMarket>;
  scheduledCancels: Map<string, ScheduledCancel>;
  /** Latest status of every order, for `orderStatus`. */
  orderHistory: OrderHistory;
  /** Children of `normalTpsl` parents that still rest, by parent oid. */
  pendingChildren: Map<number, Array<() => void>>;
}

/** Hyperliquid's messages, verbatim (per-order ones get ` asset=N` appended, as the venue does). */
export const HL_MESSAGES = {
  tick: "Price must be divisible by tick size.",
  minimumValue: "Order must have minimum value of $10.",
  invalidSize: "Order has invalid size.",
  insufficientMargin: "Insufficient margin to place order.",
  reduceOnly: "Reduce only order would increase position.",
  postOnly: (bid: string, ask: string) =>
    `Post only order would have immediately matched, bbo was ${bid}@${ask}.`,
  iocNoMatch: "Order could not immediately match against any resting orders.",
  noLiquidity: "No liquidity available for market order.",
  tooFarFromReference: "Order price cannot be more than 80% away from the reference price",
  invalidTpsl: "Invalid TP/SL price.",
  cancelMissing: "Order was never placed, already canceled, or filled.",
  unknownSigner: (address: string) => `User or API Wallet ${address} does not exist.`,
  mustDeposit: (address: string) => `Must deposit before performing actions. User: ${address}`,
  unableToRecover: "Unable to recover signer.",
  expired: "Action already expired",
  scheduleTooEarly: "Scheduled cancel time too early, must be at least 5 seconds from now.",
  scheduleLimit: "Too many scheduled cancel triggers today.",
  modifyInvalid: "Attempted to modify to invalid new order",
  unknownAsset: "Invalid asset.",
  duplicateCloid: "Duplicate cloid.",
  deserialize: (detail: string) => `Failed to deserialize the JSON body into the target type: ${detail}`,
} as const;

/** Seconds before `scheduleCancel` may fire, ms. */
export const SCHEDULE_CANCEL_MIN_DELAY_MS = 5_000;
/** `scheduleCancel` triggers allowed per UTC day. */
export const SCHEDULE_CANCEL_DAILY_LIMIT = 10;
