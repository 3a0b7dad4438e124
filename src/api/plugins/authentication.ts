import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Role, roleAtLeast } from "../../app/auth/roles.ts";
import type { AccessClaims, TokenService } from "../../app/auth/token-service.ts";
import type { ErrorEnvelope } from "../error-envelope.ts";

/** Who may call a route: anyone ("public") or users with at least this role. */
export type RouteAccess = "public" | Role;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Every /api route declares its access rule; a route without one fails at registration. */
    access?: RouteAccess;
    /** Routes a user with a one-time password may still use. */
    allowWithPasswordChangeRequired?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller (set for every non-public route). */
    user?: AccessClaims;
  }
}

/** Routes registered so far with their access rule, for the authorization matrix test and docs. */
export interface RouteRule {
  method: string;
  url: string;
  access: RouteAccess;
}

function deny(reply: FastifyReply, status: 401 | 403, code: string, message: string): FastifyReply {
  const body: ErrorEnvelope = { error: { code, message } };
  if (status === 401) void reply.header("WWW-Authenticate", 'Bearer realm="hlbot"');
  if (reply.request.headers.upgrade?.toLowerCase() === "websocket") {
    // A refused WebSocket upgrade must not leave its socket open (it is not an HTTP keep-alive connection).
    void reply.header("Connection", "close");
    reply.raw.once("finish", () => reply.request.raw.socket.destroy());
  }
  return reply.status(status).send(body);
}

/** Reads `Authorization: Bearer <token>` (or, for WebSockets, the `access_token` query parameter). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim() || undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.access_token;
  const isUpgrade = request.headers.upgrade?.toLowerCase() === "websocket";
  return isUpgrade && typeof fromQuery === "string" ? fromQuery : undefined;
}

/**
 * Authentication and role checks for every route. A route under /api must declare `config.access`;
 * registering one without it throws, so no route is ever open by accident.
 */
export function installAuthentication(app: FastifyInstance, tokens: TokenService, rules: RouteRule[]): void {
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api")) return;
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== "HEAD") rules.push({ method, url: route.url, access });
  });

  app.addHook("onRequest", async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === "public") return;
    const token = bearerToken(request);
    if (!token)
      return deny(reply, 401, "UNAUTHORIZED", "authentication required: send Authorization: Bearer <token>");
    const claims = await tokens.verifyAccess(token);
    if (claims === "expired")
      return deny(reply, 401, "TOKEN_EXPIRED", "access token expired; refresh it or log in again");
    if (claims === "invalid") return deny(reply, 401, "INVALID_TOKEN", "access token is invalid");
    request.user = claims;
    if (claims.passwordChangeRequired && !request.routeOptions.config.allowWithPasswordChangeRequired) {
      return deny(
        reply,
        403,
        "PASSWORD_CHANGE_REQUIRED",
        "change your one-time password first (POST /api/auth/password)",
      );
    }
    if (!roleAtLeast(claims.role, access)) {
      return deny(reply, 403, "FORBIDDEN", `this action needs the ${access} role; you are ${claims.role}`);
    }
  });
}
