import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthService, LOCKOUT_MS } from "../../src/app/auth/auth-service.ts";
import { generatePassword, passwordProblems } from "../../src/app/auth/password-policy.ts";
import { type ApiHarness, createApiHarness, STRONG_PASSWORD } from "../helpers/api-harness.ts";

let counter = 0;
/** A distinct client address per test, so rate limits of one test never affect another. */
function address(): string {
  counter += 1;
  return `10.1.${Math.floor(counter / 250)}.${counter % 250}`;
}

describe("password policy", () => {
  it.each([
    ["Short1!", /12 characters/],
    ["alllowercase-123", /upper-case/],
    ["ALLUPPERCASE-123", /lower-case/],
    ["NoDigitsHere-!!", /digit/],
    ["NoSymbols123456", /symbol/],
  ])("rejects %s", (password, problem) => {
    expect(passwordProblems(password).join(", ")).toMatch(problem);
  });

  it("accepts a strong password and generates only policy-compliant ones", () => {
    expect(passwordProblems(STRONG_PASSWORD)).toEqual([]);
    for (let index = 0; index < 200; index++) expect(passwordProblems(generatePassword())).toEqual([]);
  });
});

describe("authentication API", () => {
  let harness: ApiHarness;
  beforeAll(async () => {
    harness = await createApiHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  const login = (username: string, password: string, remoteAddress = address()) =>
    harness.api.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username, password },
      remoteAddress,
    });

  it("logs in with JSON and returns an OAuth2 token pair", async () => {
    const response = await login("trader-user", STRONG_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 900 });
    expect(body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body.refresh_token).toMatch(/^[\w-]{40,}$/);
    const me = await harness.api.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.json()).toMatchObject({ username: "trader-user", role: "trader" });
    expect(me.body).not.toContain("password");
  });

  it("accepts the OAuth2 password form on /api/auth/token", async () => {
    const response = await harness.api.inject({
      method: "POST",
      url: "/api/auth/token",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `grant_type=password&username=viewer-user&password=${encodeURIComponent(STRONG_PASSWORD)}`,
      remoteAddress: address(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().token_type).toBe("bearer");
  });

  it("answers wrong passwords and unknown users alike, and audits them", async () => {
    const wrong = await login("viewer-user", "Wrong-Password-123");
    const unknown = await login("nobody-here", "Wrong-Password-123");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe("INVALID_CREDENTIALS");
    const audit = await sql<{ count: number }>`
      SELECT count(*) AS count FROM audit_log WHERE action = 'authentication_failed' AND target IN ('viewer-user', 'nobody-here')
    `.execute(harness.database.connection.database);
    expect(audit.rows[0]?.count).toBeGreaterThanOrEqual(2);
  });

  it("rejects malformed login bodies with the error envelope, naming the field", async () => {
    for (const payload of [{}, { username: "x" }, { username: 5, password: "y" }, "not json"]) {
      const response = await harness.api.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: payload as object,
        remoteAddress: address(),
      });
      expect([400, 415]).toContain(response.statusCode);
      expect(response.json().error.code).toMatch(/VALIDATION_ERROR|FST_ERR/);
      expect(typeof response.json().error.message).toBe("string");
    }
    const missing = await harness.api.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "someone" },
      remoteAddress: address(),
    });
    expect(missing.json().error.message).toContain("password");
  });

  it("locks an account for 15 minutes after 5 failed logins, then lets it in again", async () => {
    let now = Date.now();
    const auth = new AuthService(
      harness.database.connection.database,
      harness.tokens,
      pino({ level: "silent" }),
      () => now,
    );
    await auth.createUser({ username: "locked-user", password: STRONG_PASSWORD, role: "viewer" });
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(auth.login("locked-user", "Wrong-Password-123")).rejects.toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
    }
    await expect(auth.login("locked-user", STRONG_PASSWORD)).rejects.toMatchObject({
      code: "ACCOUNT_LOCKED",
    });
    const viaApi = await login("locked-user", STRONG_PASSWORD);
    expect(viaApi.statusCode).toBe(423);
    expect(viaApi.json().error.code).toBe("ACCOUNT_LOCKED");
    now += LOCKOUT_MS + 1_000;
    await expect(auth.login("locked-user", STRONG_PASSWORD)).resolves.toMatchObject({ token_type: "bearer" });
    const audit = await sql<{ count: number }>`
      SELECT count(*) AS count FROM audit_log WHERE action = 'account_locked' AND target = 'locked-user'
    `.execute(harness.database.connection.database);
    expect(audit.rows[0]?.count).toBe(1);
  });

  it("rotates refresh tokens, and a reused one revokes its whole family", async () => {
    const first = (await login("strategist-user", STRONG_PASSWORD)).json();
    const refresh = (token: string) =>
      harness.api.inject({
        method: "POST",
        url: "/api/auth/refresh",
        payload: { refresh_token: token },
        remoteAddress: address(),
      });
    const second = await refresh(first.refresh_token);
    expect(second.statusCode).toBe(200);
    const secondBody = second.json();
    expect(secondBody.refresh_token).not.toBe(first.refresh_token);

    const reused = await refresh(first.refresh_token);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe("REFRESH_TOKEN_REUSED");
    // The attacker's reuse also kills the legitimate descendant.
    const descendant = await refresh(secondBody.refresh_token);
    expect(descendant.statusCode).toBe(401);
  });

  it("revokes refresh tokens on logout", async () => {
    const pair = (await login("viewer-user", STRONG_PASSWORD)).json();
    const logout = await harness.api.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { authorization: `Bearer ${pair.access_token}` },
      payload: { refresh_token: pair.refresh_token },
      remoteAddress: address(),
    });
    expect(logout.statusCode).toBe(204);
    const after = await harness.api.inject({
      method: "POST",
      url: "/api/auth/refresh",
      payload: { refresh_token: pair.refresh_token },
      remoteAddress: address(),
    });
    expect(after.statusCode).toBe(401);
  });

  it("makes the first admin change the one-time password before anything else", async () => {
    const otherDatabase = harness.database.connection.database;
    await sql`DELETE FROM refresh_tokens`.execute(otherDatabase);
    const auth = new AuthService(otherDatabase, harness.tokens, pino({ level: "silent" }));
    // Users exist already, so no first admin is made here.
    expect(await auth.ensureFirstAdmin()).toBeUndefined();
    await auth.createUser({
      username: "fresh-admin",
      password: STRONG_PASSWORD,
      role: "admin",
      mustChangePassword: true,
    });
    const pair = (await login("fresh-admin", STRONG_PASSWORD)).json();
    const headers = { authorization: `Bearer ${pair.access_token}` };
    const blocked = await harness.api.inject({
      method: "GET",
      url: "/api/users",
      headers,
      remoteAddress: address(),
    });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe("PASSWORD_CHANGE_REQUIRED");
    const weak = await harness.api.inject({
      method: "POST",
      url: "/api/auth/password",
      headers,
      payload: { current_password: STRONG_PASSWORD, new_password: "weak" },
      remoteAddress: address(),
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toContain("new_password");
    const changed = await harness.api.inject({
      method: "POST",
      url: "/api/auth/password",
      headers,
      payload: { current_password: STRONG_PASSWORD, new_password: "Another-Strong-Pass-42" },
      remoteAddress: address(),
    });
    expect(changed.statusCode).toBe(200);
    const users = await harness.api.inject({
      method: "GET",
      url: "/api/users",
      headers: { authorization: `Bearer ${changed.json().access_token}` },
      remoteAddress: address(),
    });
    expect(users.statusCode).toBe(200);
    expect(users.body).not.toContain("password_hash");
  });

  it("lets only an admin assign roles, and audits the change", async () => {
    const created = await harness.api.inject({
      method: "POST",
      url: "/api/users",
      headers: { authorization: `Bearer ${harness.tokenFor.admin}` },
      payload: { username: "promoted-user", password: STRONG_PASSWORD, role: "viewer" },
      remoteAddress: address(),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const byTrader = await harness.api.inject({
      method: "PUT",
      url: `/api/users/${id}/role`,
      headers: { authorization: `Bearer ${harness.tokenFor.trader}` },
      payload: { role: "admin" },
      remoteAddress: address(),
    });
    expect(byTrader.statusCode).toBe(403);
    const byAdmin = await harness.api.inject({
      method: "PUT",
      url: `/api/users/${id}/role`,
      headers: { authorization: `Bearer ${harness.tokenFor.admin}` },
      payload: { role: "trader" },
      remoteAddress: address(),
    });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().role).toBe("trader");
    const audit = await sql<{ details: { from: string; to: string } }>`
      SELECT details FROM audit_log WHERE action = 'role_changed' AND target = 'promoted-user'
    `.execute(harness.database.connection.database);
    expect(audit.rows[0]?.details).toEqual({ from: "viewer", to: "trader" });
    const badRole = await harness.api.inject({
      method: "PUT",
      url: `/api/users/${id}/role`,
      headers: { authorization: `Bearer ${harness.tokenFor.admin}` },
      payload: { role: "god" },
      remoteAddress: address(),
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.message).toContain("role");
  });

  it("limits the auth tier to 5 requests a minute with the rate-limit headers", async () => {
    const remoteAddress = address();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof login>> | undefined;
    for (let attempt = 0; attempt < 6; attempt++) {
      last = await login("viewer-user", STRONG_PASSWORD, remoteAddress);
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last?.headers["retry-after"]).toBeDefined();
    expect(last?.headers["x-ratelimit-limit"]).toBe("5");
    expect(last?.headers["x-ratelimit-remaining"]).toBe("0");
    expect(last?.headers["x-ratelimit-reset"]).toBeDefined();
    expect(last?.json().error.code).toBe("RATE_LIMITED");
    // Another client is not affected.
    expect((await login("viewer-user", STRONG_PASSWORD)).statusCode).toBe(200);
  });
});
