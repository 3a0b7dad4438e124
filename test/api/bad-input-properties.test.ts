import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../helpers/api-harness.ts";

const TABLES = [
  "users",
  "strategies",
  "bots",
  "backtests",
  "positions",
  "orders",
  "fills",
  "trades",
  "candles",
  "risk_state",
];

/** Any JSON-ish value, including wrong types, huge numbers, nested junk and prototype-looking keys. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(
      "__proto__",
      "constructor",
      "name",
      "params",
      "reason",
      "limit",
      "strategy",
      "dataset",
      "id",
      "role",
    ),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  fc.string(),
  fc.constant(null),
);

const pathValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.uuid(),
  fc.constant("00000000-0000-4000-8000-000000000000"),
  fc.constant("%00"),
  fc.constant("..%2F..%2Fetc"),
);
const queryString = fc.dictionary(
  fc.constantFrom("limit", "offset", "symbol", "from", "to", "date", "period", "days", "name", "strategy"),
  fc.string({ maxLength: 30 }),
);

describe("property: bad input on every route answers 4xx with the error envelope, never 5xx, and stores nothing", () => {
  let harness: ApiHarness;
  let ip = 0;
  const statuses: Record<number, number> = {};

  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(
        harness.database.connection.database,
      );
      result[table] = Number(row.rows[0]?.n);
    }
    return result;
  }

  beforeAll(async () => {
    harness = await createApiHarness({ jobs: true, rateLimitScale: 1_000 });
  });
  afterAll(async () => {
    await harness.close();
  });

  it("holds for every route in the route table", async () => {
    const routes = harness.api.routeRules.filter((rule) => rule.url !== "/api/ws");
    expect(routes.length).toBeGreaterThan(20);
    for (const rule of routes) {
      await fc.assert(
        fc.asyncProperty(junk, pathValue, queryString, async (body, segment, query) => {
          const before = await counts();
          ip += 1;
          const url = rule.url.replace(/:(\w+)/g, () => encodeURIComponent(segment));
          const search = new URLSearchParams(query).toString();
          const response = await harness.api.inject({
            method: rule.method as "POST",
            url: `${url}${search ? `?${search}` : ""}`,
            headers: { authorization: `Bearer ${harness.tokenFor.admin}` },
            remoteAddress: `10.20.${Math.floor(ip / 250) % 250}.${ip % 250}`,
            ...(rule.method === "GET" || rule.method === "DELETE"
              ? {}
              : {
                  payload: JSON.stringify(body),
                  headers: {
                    authorization: `Bearer ${harness.tokenFor.admin}`,
                    "content-type": "application/json",
                  },
                }),
          });
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          expect(response.statusCode, `${rule.method} ${url} → ${response.body.slice(0, 200)}`).toBeLessThan(
            500,
          );
          if (response.statusCode >= 400 && response.statusCode !== 429) {
            const envelope = response.json();
            expect(typeof envelope.error?.code).toBe("string");
            expect(typeof envelope.error?.message).toBe("string");
            expect(await counts(), `${rule.method} ${url}`).toEqual(before);
          }
        }),
        { numRuns: 12 },
      );
    }
    // The property really exercised the validation paths (and was not stopped by rate limits).
    expect(statuses[400] ?? 0).toBeGreaterThan(100);
    expect(statuses[429]).toBeUndefined();
  });
});
