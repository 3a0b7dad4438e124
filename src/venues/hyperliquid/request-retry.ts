/**
 * Retries of idempotent `/info` requests: network failures, timeouts, `429 Too Many Requests` and
 * 5xx answers are retried with exponential backoff; anything else fails at once.
 */
import { HttpRequestError } from "@nktkas/hyperliquid";
import { OperationalError } from "../../core/index.ts";

/** How often and how patiently a request is retried. */
export interface RetryPolicy {
  /** Attempts in total, ≥ 1 (default 5). */
  readonly attempts?: number;
  /** Wait before the first retry, ms (default 500); doubles on every further retry. */
  readonly baseDelayMs?: number;
  /** Longest wait between two attempts, ms (default 10 s). `Retry-After` is honoured up to this. */
  readonly maxDelayMs?: number;
  /** Told about every failed attempt that will be retried (attempt number from 1, reason, wait in ms). */
  readonly onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

/** Why a request failed and whether trying again can help. */
export interface RequestFailure {
  readonly retryable: boolean;
  /** One line, e.g. `HTTP 429 Too Many Requests` or `network error: connect ECONNREFUSED`. */
  readonly reason: string;
  /** Seconds from a `Retry-After` header, when the venue sent one. */
  readonly retryAfterSeconds?: number;
}

/** Classifies an error thrown by the SDK's HTTP transport (or anything else) for {@link withRetries}. */
export function classifyRequestFailure(error: unknown): RequestFailure {
  if (error instanceof HttpRequestError && error.response !== undefined) {
    const { status, statusText } = error.response;
    const retryAfter = Number(error.response.headers.get("retry-after"));
    return {
      retryable: status === 429 || status >= 500,
      reason: `HTTP ${status}${statusText ? ` ${statusText}` : ""}${detailOf(error.message, status)}`,
      ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  const name = cause instanceof Error ? cause.name : "";
  if (name === "TimeoutError" || name === "AbortError")
    return { retryable: true, reason: "request timed out" };
  if (error instanceof HttpRequestError) {
    const code = (cause as { cause?: { code?: string } } | undefined)?.cause?.code;
    return { retryable: true, reason: `network error: ${code ?? message}` };
  }
  return { retryable: false, reason: message };
}

/** The venue's own words after the status line, shortened to one line. */
function detailOf(message: string, status: number): string {
  const at = message.indexOf(" - ");
  if (at < 0) return "";
  const detail = message
    .slice(at + 3)
    .replace(/\s+/g, " ")
    .trim();
  return detail && !message.startsWith(`${status} ${detail}`) ? `: ${detail.slice(0, 200)}` : "";
}

/**
 * Runs `request` until it succeeds, retrying retryable failures (see {@link classifyRequestFailure})
 * with waits of `baseDelayMs · 2^(n−1)` (or the venue's `Retry-After`), capped at `maxDelayMs`.
 *
 * @param what names the request in the final error, e.g. `candleSnapshot BTC 1h from 2025-06-01T00:00:00.000Z`.
 * @throws OperationalError `"<what> failed after N attempts: <reason>"` once the attempts are used up, or
 *   `"<what> failed: <reason>"` at once for a failure that retrying cannot fix (e.g. HTTP 422).
 */
export async function withRetries<T>(
  what: string,
  request: () => Promise<T>,
  policy: RetryPolicy = {},
): Promise<T> {
  const attempts = Math.max(1, Math.floor(policy.attempts ?? 5));
  const baseDelayMs = Math.max(0, policy.baseDelayMs ?? 500);
  const maxDelayMs = Math.max(0, policy.maxDelayMs ?? 10_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const failure = classifyRequestFailure(error);
      if (!failure.retryable)
        throw new OperationalError(`${what} failed: ${failure.reason}`, { cause: error });
      if (attempt >= attempts) {
        throw new OperationalError(`${what} failed after ${attempts} attempts: ${failure.reason}`, {
          cause: error,
        });
      }
      const backoff = baseDelayMs * 2 ** (attempt - 1);
      const delayMs = Math.min(
        maxDelayMs,
        failure.retryAfterSeconds !== undefined
          ? Math.max(backoff, failure.retryAfterSeconds * 1000)
          : backoff,
      );
      policy.onRetry?.(attempt, failure.reason, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
