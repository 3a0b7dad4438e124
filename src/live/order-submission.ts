/**
 * Sending orders to Hyperliquid so that each one is placed at most once: requests refused for load
 * (HTTP 429, 5xx) or whose answer was lost (timeout, reset connection) are retried with exponential
 * backoff, but only after asking the venue (`orderStatus` by cloid) whether an earlier attempt already
 * placed the order; a `Duplicate cloid` refusal also means "already placed". Every retry of one order
 * carries the same cloid, so the venue itself refuses a second copy.
 */
import type { ExchangeClient, InfoClient } from "@nktkas/hyperliquid";
import { classifyRequestFailure, OrderStatusResponse, parseWire } from "../venues/hyperliquid/index.ts";

/** Backoff of requests the venue refused for load or whose answer was lost. */
export interface VenueRetryPolicy {
  /** Attempts in total per request, ≥ 1. */
  readonly attempts: number;
  /** Wait before the first retry, ms; doubles on every further retry. */
  readonly baseDelayMs: number;
  /** Longest wait between two attempts, ms. */
  readonly maxDelayMs: number;
}

/** 8 attempts, 250 ms doubling up to 8 s (about 30 s of patience in a 429 storm). */
export const DEFAULT_VENUE_RETRY: VenueRetryPolicy = { attempts: 8, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Wait before retry number `retry` (1 = first retry), ms. */
export function backoffDelay(policy: VenueRetryPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
}

/** What became of sending one order. */
export type SendOutcome =
  /** The venue answered the order action (the raw response; its status says resting, filled, …). */
  | { readonly kind: "answered"; readonly response: unknown }
  /** The venue refused the order, in its own words (without the SDK's `Order 0: ` prefix). */
  | { readonly kind: "refused"; readonly reason: string }
  /** The venue already holds the cloid: an earlier attempt placed it (or a duplicate was refused). */
  | {
      readonly kind: "known";
      readonly oid: number;
      /** Venue status: `open`, `filled`, `canceled`, `triggered`, `…Rejected`, … */
      readonly status: string;
      /** Size already filled, base units. */
      readonly filled: number;
    }
  /** Nothing certain after every attempt (the order may or may not be on the venue). */
  | { readonly kind: "failed"; readonly reason: string };

/** Construction options of {@link OrderSubmission}. */
export interface OrderSubmissionOptions {
  readonly exchange: Pick<ExchangeClient, "order">;
  readonly info: Pick<InfoClient, "orderStatus">;
  /** The trading account (orders are looked up under it). */
  readonly user: `0x${string}`;
  readonly retry: VenueRetryPolicy;
  /** Waits `ms` (the backoff); injectable for tests. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Told about every attempt that failed and will be retried. */
  readonly onRetry?: (what: string, reason: string, attempt: number) => void;
}

/** Whether an error is the venue's refusal (`ApiRequestError`), not a transport failure. */
export function isVenueRefusal(error: unknown): error is Error {
  return error instanceof Error && error.name === "ApiRequestError";
}

const DUPLICATE_CLOID = /duplicate cloid/i;

/** Sends orders with backoff and at-most-once placement (see the file comment). */
export class OrderSubmission {
  constructor(private readonly options: OrderSubmissionOptions) {}

  /**
   * Sends one order wire (carrying `cloid`) until the venue answers, refuses it, or is known to hold
   * it. `what` names the order in retry reports.
   */
  async send(wire: unknown, cloid: `0x${string}`, what: string): Promise<SendOutcome> {
    const { retry, exchange } = this.options;
    let lastReason = "no attempt made";
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      if (attempt > 1) {
        await this.options.sleep(backoffDelay(retry, attempt - 1));
        // An earlier attempt may have reached the venue: ask before sending a second time.
        const known = await this.lookup(cloid);
        if (typeof known === "string") {
          lastReason = `order status unavailable: ${known}`;
          continue;
        }
        if (known !== null) return known;
      }
      try {
        const response = await exchange.order({ orders: [wire as never], grouping: "na" });
        return { kind: "answered", response };
      } catch (error) {
        if (isVenueRefusal(error)) {
          const reason = error.message.replace(/^Order 0: /, "");
          if (!DUPLICATE_CLOID.test(reason)) return { kind: "refused", reason };
          const known = await this.lookup(cloid);
          if (known !== null && typeof known !== "string") return known;
          return { kind: "failed", reason: `${reason} (its order status: ${known ?? "unknown"})` };
        }
        const failure = classifyRequestFailure(error);
        if (!failure.retryable) return { kind: "failed", reason: failure.reason };
        lastReason = failure.reason;
        if (attempt < retry.attempts) this.options.onRetry?.(what, failure.reason, attempt);
      }
    }
    return { kind: "failed", reason: `no answer after ${retry.attempts} attempts: ${lastReason}` };
  }

  /**
   * Runs an idempotent request (cancel by cloid, scheduleCancel, info), retrying load refusals and
   * lost answers with the same backoff. Venue refusals and other errors are thrown at once.
   */
  async idempotent<T>(what: string, request: () => Promise<T>): Promise<T> {
    const { retry } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (isVenueRefusal(error) || attempt >= retry.attempts) throw error;
        const failure = classifyRequestFailure(error);
        if (!failure.retryable) throw error;
        this.options.onRetry?.(what, failure.reason, attempt);
        await this.options.sleep(backoffDelay(retry, attempt));
      }
    }
  }

  /** The venue's record of a cloid: known, null when unknown, or why the lookup failed. */
  private async lookup(cloid: `0x${string}`): Promise<SendOutcome | null | string> {
    let raw: unknown;
    try {
      raw = await this.options.info.orderStatus({ user: this.options.user, oid: cloid });
    } catch (error) {
      const reason = classifyRequestFailure(error).reason;
      this.options.onRetry?.(`orderStatus ${cloid}`, reason, 1);
      return reason;
    }
    const status = parseWire(OrderStatusResponse, raw, "orderStatus");
    if (status.status === "unknownOid") return null;
    const order = status.order.order;
    return {
      kind: "known",
      oid: order.oid,
      status: status.order.status,
      filled: Math.max(0, Number(order.origSz) - Number(order.sz)),
    };
  }
}
