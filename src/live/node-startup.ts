import { ExchangeClient, HttpTransport, InfoClient } from "@nktkas/hyperliquid";
import type { Clock } from "../core/index.ts";
import type { Order } from "../domain/index.ts";
import {
  type FillWire,
  HYPERLIQUID_ENDPOINTS,
  type HyperliquidEndpoints,
  type PrivateKeyWallet,
  parseWire,
  UserFillsResponse,
} from "../venues/hyperliquid/index.ts";
import { deriveCloid } from "./cloid.ts";
import { HyperliquidExecutionClient } from "./hyperliquid-execution-client.ts";
import { type ReconciliationInput, type ReconciliationResult, reconcile } from "./reconciliation.ts";
import type { StoredPosition } from "./trading-store.ts";
import type { VenueMarket } from "./venue-market.ts";

/** The REST clients of one node: `/info` reads and `/exchange` actions signed by `wallet` (10 s timeout). */
export function createVenueClients(
  endpoints: HyperliquidEndpoints,
  wallet: PrivateKeyWallet,
): { info: InfoClient; exchange: ExchangeClient } {
  const transport = new HttpTransport({
    apiUrl: endpoints.apiUrl,
    isTestnet: endpoints.isTestnet,
    timeout: 10_000,
  });
  return {
    info: new InfoClient({ transport }),
    exchange: new ExchangeClient({ transport, wallet: wallet as never }),
  };
}

/** What the node's execution client reports back to the node. */
export interface NodeClientHooks {
  persistOrder(order: Order, cloid?: `0x${string}`): void;
  gapFill(): void;
  log(level: "warn", message: string, detail?: unknown): void;
}

/** The node's execution client: cloids derived from the bot and session, orders persisted on send. */
export function createNodeClient(
  parts: {
    readonly exchange: ExchangeClient;
    readonly info: InfoClient;
    readonly user: `0x${string}`;
    readonly market: VenueMarket;
    readonly botId: string;
    readonly session: number;
    readonly clock: Clock;
    readonly slippage?: number;
    /** Address of the signing key: checked at start to be the account or an approved agent of it. */
    readonly signer: `0x${string}`;
    /** Venue name for messages, e.g. `mainnet`. */
    readonly venue: string;
    /** Dead-man's switch window and heartbeat, ms (window 0: off). */
    readonly deadManMs: number;
    readonly heartbeatMs?: number;
  },
  hooks: NodeClientHooks,
): HyperliquidExecutionClient {
  return new HyperliquidExecutionClient({
    exchange: parts.exchange,
    info: parts.info,
    user: parts.user,
    signer: parts.signer,
    venue: parts.venue,
    ...(parts.deadManMs > 0
      ? {
          deadMan: {
            windowMs: parts.deadManMs,
            ...(parts.heartbeatMs === undefined ? {} : { heartbeatMs: parts.heartbeatMs }),
          },
        }
      : {}),
    markets: [parts.market],
    cloidOf: (id) => deriveCloid(parts.botId, parts.session, id),
    clock: parts.clock,
    ...(parts.slippage === undefined ? {} : { slippage: parts.slippage }),
    hooks: {
      onSend: (order, cloid) => hooks.persistOrder(order, cloid),
      onVenueOrderId: (order) => hooks.persistOrder(order),
      onFilledResponse: () => hooks.gapFill(),
      onForeignFill: (fill) => hooks.log("warn", `foreign fill ${fill.tid} on ${fill.coin}`),
      onError: (what, error) => hooks.log("warn", `venue request failed: ${what}`, error),
    },
  });
}

/**
 * Reconciles the database with the venue at start (see `reconcile`), replaying missed fills through
 * `applyMissedFills`, and logs what was done and what blocks entries.
 */
export async function reconcileAtStart(
  parts: ReconciliationInput,
  storedPosition: StoredPosition | undefined,
  applyMissedFills: (fills: FillWire[]) => Promise<number>,
  log: (level: "info" | "warn", message: string) => void,
): Promise<ReconciliationResult> {
  const result = await reconcile(parts, storedPosition, applyMissedFills);
  for (const action of result.actions) log("info", `reconciliation: ${action}`);
  for (const issue of result.issues) log("warn", `reconciliation issue: ${issue.message}`);
  return result;
}

/** The account's fills from a minute before `lastFillTime` on (`userFillsByTime`), parsed. */
export async function fetchRecentFills(
  info: InfoClient,
  user: `0x${string}`,
  lastFillTime: number,
): Promise<FillWire[]> {
  const startTime = Math.max(0, lastFillTime - 60_000);
  const raw = await info.userFillsByTime({ user, startTime });
  return parseWire(UserFillsResponse, raw, "userFillsByTime");
}

/** How messages name the venue behind `endpoints`: Hyperliquid mainnet, testnet, or the simulator's URL. */
export function venueName(endpoints: HyperliquidEndpoints): string {
  if (endpoints.apiUrl === HYPERLIQUID_ENDPOINTS.mainnet.apiUrl) return "Hyperliquid mainnet";
  if (endpoints.apiUrl === HYPERLIQUID_ENDPOINTS.testnet.apiUrl) return "Hyperliquid testnet";
  return `the exchange at ${endpoints.apiUrl}`;
}
