import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import type { ErrorEnvelope } from "../error-envelope.ts";

/** Rate-limit tiers, requests per minute. */
export const RATE_LIMIT_TIERS = { auth: 5, trading: 10, mutation: 30, read: 100 } as const;
/** A rate-limit tier name. */
export type RateLimitTier = keyof typeof RATE_LIMIT_TIERS;
/** Requests per minute from one IP address across all routes. */
export const PER_IP_LIMIT = 1_000;

declare module "fastify" {
  interface FastifyContextConfig {
    /** The tier whose per-minute limit applies to the route; routes without one count only per IP. */
    rateLimitTier?: RateLimitTier;
  }
}

type Limiter = ReturnType<FastifyInstance["createRateLimit"]>;
type LimitResult = Awaited<ReturnType<Limiter>>;

/**
 * Per-tier limits (keyed by user when authenticated, by client IP otherwise) and an overall per-IP limit,
 * shared through Redis when given (so every API replica counts together), in memory otherwise.
 * Exceeding one answers 429 with the error envelope, `Retry-After` and `X-RateLimit-*` headers.
 */
export async function installRateLimits(
  app: FastifyInstance,
  options: {
    redis?: Redis;
    onExceeded?: (request: FastifyRequest, tier: string) => void;
    /** Multiplies every limit (tests that send many requests on purpose); default 1. */
    scale?: number;
  },
): Promise<{ afterAuthentication: () => void }> {
  await app.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: "hlbot-rate-limit:", skipOnError: false } : {}),
  });
  const windowMs = 60_000;
  const perIp = app.createRateLimit({
    max: PER_IP_LIMIT * (options.scale ?? 1),
    timeWindow: windowMs,
    keyGenerator: (request) => `ip:${request.ip}`,
  });
  const tiers = Object.fromEntries(
    Object.entries(RATE_LIMIT_TIERS).map(([tier, limit]) => [
      tier,
      app.createRateLimit({
        max: limit * (options.scale ?? 1),
        timeWindow: windowMs,
        keyGenerator: (request) =>
          `${tier}:${request.user ? `user:${request.user.userId}` : `ip:${request.ip}`}`,
      }),
    ]),
  ) as Record<RateLimitTier, Limiter>;

  const setHeaders = (reply: FastifyReply, result: LimitResult) => {
    if (result.isAllowed) return;
    void reply.header("X-RateLimit-Limit", result.max);
    void reply.header("X-RateLimit-Remaining", Math.max(0, result.remaining));
    void reply.header("X-RateLimit-Reset", result.ttlInSeconds);
  };
  const exceeded = (request: FastifyRequest, reply: FastifyReply, result: LimitResult, scope: string) => {
    if (result.isAllowed || !result.isExceeded) return false;
    setHeaders(reply, result);
    void reply.header("Retry-After", result.ttlInSeconds);
    request.log.warn(
      { event: "rate_limit_exceeded", scope, ip: request.ip, user: request.user?.username },
      "rate_limit_exceeded",
    );
    options.onExceeded?.(request, scope);
    const body: ErrorEnvelope = {
      error: {
        code: "RATE_LIMITED",
        message: `rate limit of ${result.max} requests per minute exceeded (${scope}); retry in ${result.ttlInSeconds} s`,
      },
    };
    void reply.status(429).send(body);
    return true;
  };

  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/api") || request.url.startsWith("/api/health")) return;
    const result = await perIp(request);
    if (exceeded(request, reply, result, "per-ip")) return reply;
  });

  return {
    // The tier check runs after authentication so that limits follow the user, not the address.
    afterAuthentication: () => {
      app.addHook("onRequest", async (request, reply) => {
        const tier = request.routeOptions.config.rateLimitTier;
        if (!tier || reply.sent) return;
        const result = await tiers[tier](request);
        if (exceeded(request, reply, result, tier)) return reply;
        setHeaders(reply, result);
      });
    },
  };
}
