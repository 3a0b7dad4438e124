import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";

describe("GET /api/openapi.json", () => {
  let harness: ApiHarness;
  beforeAll(async () => {
    harness = await createApiHarness({ jobs: true });
  });
  afterAll(async () => {
    await harness.close();
  });

  it("documents every route with its request schema, for authenticated callers only", async () => {
    const anonymous = await harness.api.inject({ method: "GET", url: "/api/openapi.json" });
    expect(anonymous.statusCode).toBe(401);
    const response = await harness.api.inject({
      method: "GET",
      url: "/api/openapi.json",
      headers: { authorization: `Bearer ${harness.tokenFor.viewer}` },
    });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    const documented = Object.keys(document.paths);
    for (const rule of harness.api.routeRules) {
      if (rule.url === "/api/openapi.json" || rule.url === "/api/ws") continue;
      const path = rule.url.replace(/:(\w+)/g, "{$1}");
      expect(documented, path).toContain(path);
    }
    const login = document.paths["/api/auth/login"].post;
    const schema = login.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["username", "password"]));
  });
});
