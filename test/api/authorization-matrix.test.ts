import { SignJWT } from "jose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApi } from "../../src/api/app.ts";
import { installAuthentication } from "../../src/api/plugins/authentication.ts";
import { ROLES, roleAtLeast } from "../../src/app/auth/roles.ts";
import { type ApiHarness, createApiHarness, TEST_JWT_SECRET } from "../helpers/api-harness.ts";

/** Fills path parameters with syntactically valid values. */
function concrete(url: string): string {
  return url.replace(/:id\b/g, "00000000-0000-4000-8000-000000000000").replace(/:(\w+)/g, "x");
}

describe("authorization matrix (generated from the route table)", () => {
  let harness: ApiHarness;
  let expiredToken: string;
  let tamperedToken: string;
  let ip = 0;
  beforeAll(async () => {
    harness = await createApiHarness({ jobs: true });
    expiredToken = await new SignJWT({ username: "admin-user", role: "admin", pcr: false })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("00000000-0000-4000-8000-000000000000")
      .setIssuer("hlbot")
      .setAudience("hlbot-api")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const [header, payload, signature] = harness.tokenFor.viewer.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url");
    tamperedToken = `${header}.${forged}.${signature}`;
  });
  afterAll(async () => {
    await harness.close();
  });

  it("covers a non-trivial route table", () => {
    expect(harness.api.routeRules.length).toBeGreaterThanOrEqual(10);
    expect(harness.api.routeRules.filter((rule) => rule.access === "admin").length).toBeGreaterThan(0);
  });

  it("answers every route × caller with the expected status", async () => {
    const failures: string[] = [];
    for (const rule of harness.api.routeRules) {
      const callers: Array<[string, string | undefined, "allowed" | 401 | 403]> = [
        ["no token", undefined, rule.access === "public" ? "allowed" : 401],
        ["expired token", expiredToken, rule.access === "public" ? "allowed" : 401],
        ["tampered token", tamperedToken, rule.access === "public" ? "allowed" : 401],
        ...ROLES.map((role): [string, string, "allowed" | 403] => [
          role,
          harness.tokenFor[role],
          rule.access === "public" || roleAtLeast(role, rule.access) ? "allowed" : 403,
        ]),
      ];
      for (const [caller, token, expected] of callers) {
        ip += 1;
        const response = await harness.api.inject({
          method: rule.method as "GET",
          url: concrete(rule.url),
          headers: token ? { authorization: `Bearer ${token}` } : {},
          remoteAddress: `10.9.${Math.floor(ip / 250)}.${ip % 250}`,
          ...(rule.method === "GET" ? {} : { payload: {} }),
        });
        const ok =
          expected === "allowed"
            ? response.statusCode !== 401 && response.statusCode !== 403
            : response.statusCode === expected;
        if (!ok)
          failures.push(
            `${rule.method} ${rule.url} as ${caller}: ${response.statusCode}, expected ${expected}`,
          );
        if (response.statusCode >= 500)
          failures.push(`${rule.method} ${rule.url} as ${caller}: ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses to register an /api route that declares no access rule", async () => {
    const app = await buildApi({
      logger: pino({ level: "silent" }),
      version: "0",
      environment: "test",
      readinessChecks: [],
    });
    installAuthentication(app, harness.tokens, []);
    expect(() => app.get("/api/forgotten", async () => ({ open: true }))).toThrow(/declares no access rule/);
    await app.close();
  });
});
