import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

describe("hlbot user", () => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it("creates an admin, refuses a duplicate and weak passwords, and lists users without hashes", async () => {
    const env = { DATABASE_URL: testDatabase.url, JWT_SECRET: "x".repeat(40) };
    const created = await runCli(
      [
        "user",
        "create",
        "--username",
        "ops",
        "--password",
        "Sup3r-Secret-Pass",
        "--role",
        "admin",
        "--format",
        "json",
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      username: "ops",
      role: "admin",
      mustChangePassword: false,
    });

    const duplicate = await runCli(
      ["user", "create", "--username", "ops", "--password", "Sup3r-Secret-Pass"],
      env,
    );
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain("taken");

    const weak = await runCli(["user", "create", "--username", "weakling", "--password", "password"], env);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/password must have at least 12 characters/);
    expect(weak.stderr).not.toContain("password\n"); // the password itself is never echoed

    const badRole = await runCli(
      ["user", "create", "--username", "someone", "--password", "Sup3r-Secret-Pass", "--role", "root"],
      env,
    );
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain("role");

    const list = await runCli(["user", "list", "--format", "json"], env);
    expect(list.code).toBe(0);
    const users = JSON.parse(list.stdout).users;
    expect(users.map((user: { username: string }) => user.username)).toEqual(["ops"]);
    expect(list.stdout).not.toMatch(/argon2|hash/i);
  });
});
