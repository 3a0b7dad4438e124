import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const manual = readFileSync(
  new URL("../../../shared/reference/operations-manual.md", import.meta.url),
  "utf8",
);

/** Every SQL statement of the manual that reads or writes `positions` or `trades`, as written there. */
function manualStatements(): string[] {
  const statements = new Set<string>();
  for (const match of manual.matchAll(/-c "([^"]+)"/g)) statements.add((match[1] ?? "").trim());
  for (const block of manual.matchAll(/```sql\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? "").split("\n"))
      if (/^(SELECT|CREATE|EXPLAIN|UPDATE)/.test(line)) statements.add(line.trim());
  }
  for (const match of manual.matchAll(/"(SELECT \* FROM trades WHERE created_at > \$1)"/g))
    statements.add(match[1] ?? "");
  return [...statements].filter((statement) => /\b(positions|trades)\b/.test(statement));
}

describe("operations manual SQL against the schema", () => {
  let testDatabase: TestDatabase;
  let positionId: string;
  beforeAll(async () => {
    testDatabase = await createTestDatabase({ migrate: true });
    const database = testDatabase.connection.database;
    const position = await database
      .insertInto("positions")
      .values({
        symbol: "BTC",
        side: "long",
        size: "0.5",
        entry_price: "65000",
        stop_loss: "64000",
        realized_pnl: 0,
        fees: 0,
        funding: 0,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    positionId = position.id;
    await database
      .insertInto("trades")
      .values({
        symbol: "ETH",
        side: "short",
        size: "2",
        entry_price: "3000",
        exit_price: "2950",
        entry_time: new Date(Date.now() - 3_600_000),
        exit_time: new Date(),
        pnl: "100",
        exit_reason: "tp2",
      })
      .execute();
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it("finds the manual's statements", () => {
    const statements = manualStatements();
    expect(
      statements.some((statement) =>
        statement.startsWith("SELECT count(*) as open_positions FROM positions"),
      ),
    ).toBe(true);
    expect(statements.some((statement) => statement.startsWith("UPDATE positions SET status='closed'"))).toBe(
      true,
    );
    expect(statements.some((statement) => statement.startsWith("EXPLAIN ANALYZE SELECT * FROM trades"))).toBe(
      true,
    );
    expect(statements.length).toBeGreaterThanOrEqual(6);
  });

  it("runs every one of them unchanged", async () => {
    const database = testDatabase.connection.database;
    for (const statement of manualStatements()) {
      if (statement.startsWith("CREATE INDEX")) {
        // The manual's "add missing indexes" step: ours already exist under the same names and definitions.
        const name = /CREATE INDEX (\w+)/.exec(statement)?.[1] ?? "";
        const existing = await sql<{
          indexdef: string;
        }>`SELECT indexdef FROM pg_indexes WHERE indexname = ${name}`.execute(database);
        expect(existing.rows, name).toHaveLength(1);
        await expect(sql.raw(statement).execute(database)).rejects.toThrow(/already exists/);
        continue;
      }
      const text = statement.replace("id='...'", `id='${positionId}'`);
      const result = text.includes("$1")
        ? await sql`SELECT * FROM trades WHERE created_at > ${new Date(Date.now() - 86_400_000)}`.execute(
            database,
          )
        : await sql.raw(text).execute(database);
      expect(result, statement).toBeDefined();
    }
  });

  it("returns what an operator expects from them", async () => {
    const database = testDatabase.connection.database;
    const open = await sql
      .raw<{ open_positions: number }>(
        "SELECT count(*) as open_positions FROM positions WHERE status='open';",
      )
      .execute(database);
    expect(open.rows[0]?.open_positions).toBe(0); // the UPDATE above closed the only open position
    const closed = await database
      .selectFrom("positions")
      .selectAll()
      .where("id", "=", positionId)
      .executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ status: "closed", exit_reason: "manual" });
    const recent = await sql
      .raw("SELECT * FROM trades WHERE created_at > NOW() - INTERVAL '1 day';")
      .execute(database);
    expect(recent.rows).toHaveLength(1);
  });
});
