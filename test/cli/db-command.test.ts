import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/storage/migrations/index.ts";
import { runCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

describe("hlbot db", () => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it("migrates, reports status, rolls back one step and migrates again", async () => {
    const env = { DATABASE_URL: testDatabase.url };
    const names = Object.keys(MIGRATIONS);
    const status = async () =>
      JSON.parse((await runCli(["db", "status", "--format", "json"], env)).stdout).migrations;

    expect((await status()).map((row: { status: string }) => row.status)).toEqual(names.map(() => "pending"));
    const migrate = await runCli(["db", "migrate", "--format", "json"], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(JSON.parse(migrate.stdout).applied).toEqual(names);
    expect((await status()).every((row: { status: string }) => row.status === "applied")).toBe(true);

    const rollback = await runCli(["db", "rollback"], env);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain(`rolled back: ${names.at(-1)}`);
    expect((await status()).at(-1).status).toBe("pending");

    const again = await runCli(["db", "migrate"], env);
    expect(again.stdout).toContain(`applied: ${names.at(-1)}`);
    const noop = await runCli(["db", "migrate"], env);
    expect(noop.stdout).toContain("already up to date");
  });

  it("fails with exit code 1 and a clear line when the database is unreachable", async () => {
    const result = await runCli(["db", "status"], {
      DATABASE_URL: "postgres://nobody:secret-pw@127.0.0.1:1/none",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ECONNREFUSED|connect/);
    expect(result.stderr).not.toContain("secret-pw");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
