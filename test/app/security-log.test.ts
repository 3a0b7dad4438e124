import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthService } from "../../src/app/auth/auth-service.ts";
import { TokenService } from "../../src/app/auth/token-service.ts";
import { createSecurityLogger } from "../../src/core/logger.ts";
import { STRONG_PASSWORD, TEST_JWT_SECRET } from "../helpers/api-harness.ts";
import { eventually } from "../helpers/eventually.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

describe("security log", () => {
  let folder: string;
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "hlbot-security-"));
    testDatabase = await createTestDatabase({ migrate: true });
  });
  afterAll(async () => {
    await testDatabase.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("writes authentication failures and lockouts to its own file, without passwords", async () => {
    const file = join(folder, "log", "security.log");
    const logger = createSecurityLogger({ level: "info", file });
    const auth = new AuthService(
      testDatabase.connection.database,
      new TokenService(TEST_JWT_SECRET, 900),
      logger,
    );
    await auth.createUser({ username: "target-user", password: STRONG_PASSWORD, role: "viewer" });
    for (let attempt = 0; attempt < 5; attempt++) {
      await auth.login("target-user", "Guessed-Password-1", { ip: "198.51.100.7" }).catch(() => undefined);
    }
    logger.flush();
    const lines = await eventually(
      () => {
        if (!existsSync(file)) return undefined;
        const content = readFileSync(file, "utf8").trim().split("\n");
        return content.length >= 6 ? content : undefined;
      },
      { message: "security log lines not written" },
    );
    if (!lines) throw new Error("no security log");
    const events = lines.map((line) => JSON.parse(line) as { event: string; ip?: string });
    expect(events.filter((event) => event.event === "authentication_failed")).toHaveLength(5);
    expect(events.some((event) => event.event === "account_locked")).toBe(true);
    expect(events[0]?.ip).toBe("198.51.100.7");
    expect(lines.join("\n")).not.toContain("Guessed-Password-1");
  });
});
