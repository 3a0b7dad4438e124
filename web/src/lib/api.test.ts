import { describe, expect, it, vi } from "vitest";
import { fakeApi } from "../test-fake-api.ts";
import { ApiError, createApiClient } from "./api.ts";
import { errorText } from "./error-text.ts";
import { createMemorySessionStore } from "./session-store.ts";

describe("api client", () => {
  it("logs in, stores the tokens and sends the access token", async () => {
    const server = fakeApi();
    const store = createMemorySessionStore();
    const api = createApiClient({ store, fetch: server.fetch });
    await api.login("alice", "right");
    expect(store.get()?.refreshToken).toBe("refresh-1");
    expect((await api.me()).username).toBe("alice");
    expect(server.calls.at(-1)?.authorization).toBe("Bearer access-1");
  });

  it("refreshes once on 401 for concurrent requests and retries them", async () => {
    const server = fakeApi();
    const api = createApiClient({ store: createMemorySessionStore(), fetch: server.fetch });
    await api.login("alice", "right");
    server.expireAccessToken();
    const [me, risk, positions] = await Promise.all([api.me(), api.riskStatus(), api.positions()]);
    expect(me.username).toBe("alice");
    expect(risk.equity).toBe(10_000);
    expect(positions.positions).toEqual([]);
    expect(server.refreshCount).toBe(1);
  });

  it("clears the session and reports expiry when the refresh token is refused", async () => {
    const server = fakeApi();
    const onSessionExpired = vi.fn();
    const store = createMemorySessionStore({
      accessToken: "old",
      refreshToken: "revoked",
      accessExpiresAt: 0,
    });
    const api = createApiClient({ store, fetch: server.fetch, onSessionExpired });
    const failure = await api.me().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe("SESSION_EXPIRED");
    expect(store.get()).toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it("turns error envelopes into errors a trader can read", async () => {
    const server = fakeApi();
    const api = createApiClient({ store: createMemorySessionStore(), fetch: server.fetch });
    const wrong = await api.login("alice", "wrong").catch((error: unknown) => error);
    expect(errorText(wrong, "log in")).toBe("Wrong username or password.");
    await api.login("alice", "right");
    const missing = await api.bots().catch((error: unknown) => error);
    expect((missing as ApiError).notAvailable).toBe(true);
    expect(errorText(missing)).toBe("This feature is not available on this server yet.");
    const offline = createApiClient({
      store: createMemorySessionStore(),
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    const unreachable = await offline.login("a", "b").catch((error: unknown) => error);
    expect(errorText(unreachable)).toMatch(/Can't reach the hlbot server/);
    expect(errorText(new ApiError(429, "RATE_LIMITED", "rate limit", 42))).toBe(
      "Too many requests. Wait 42 seconds and try again.",
    );
  });

  it("fills path parameters and drops empty query values", async () => {
    const server = fakeApi();
    const api = createApiClient({ store: createMemorySessionStore(), fetch: server.fetch });
    await api.login("alice", "right");
    await api.trades({ symbol: "BTC", strategy: "", limit: 50 });
    expect(server.calls.at(-1)?.url).toBe("/api/trades?symbol=BTC&limit=50");
    await api.closePosition("a/b", "manual").catch(() => undefined);
    expect(server.calls.at(-1)?.url).toBe("/api/trades/positions/a%2Fb/close");
    expect(server.calls.at(-1)?.body).toEqual({ reason: "manual" });
  });
});
