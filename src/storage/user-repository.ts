import type { Database } from "./database.ts";

/** Roles in increasing order of power. */
export const ROLES = ["viewer", "trader", "strategist", "admin"] as const;
/** A user's role. */
export type Role = (typeof ROLES)[number];

/** A stored user (the password hash stays inside storage and the auth service). */
export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  failedLoginCount: number;
  lockedUntil: Date | null;
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

type UserRow = {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  failed_login_count: number;
  locked_until: Date | null;
  disabled: boolean;
  must_change_password: boolean;
  last_login_at: Date | null;
  created_at: Date;
};

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role,
    failedLoginCount: row.failed_login_count,
    lockedUntil: row.locked_until,
    disabled: row.disabled,
    mustChangePassword: row.must_change_password,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}

const COLUMNS = [
  "id",
  "username",
  "password_hash",
  "role",
  "failed_login_count",
  "locked_until",
  "disabled",
  "must_change_password",
  "last_login_at",
  "created_at",
] as const;

/** Inserts a user; returns undefined when the username is taken. */
export async function insertUser(
  database: Database,
  user: { username: string; passwordHash: string; role: Role; mustChangePassword?: boolean },
): Promise<UserRecord | undefined> {
  const row = await database
    .insertInto("users")
    .values({
      username: user.username,
      password_hash: user.passwordHash,
      role: user.role,
      must_change_password: user.mustChangePassword ?? false,
    })
    .onConflict((conflict) => conflict.column("username").doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Finds a user by name (case-sensitive). */
export async function findUserByUsername(
  database: Database,
  username: string,
): Promise<UserRecord | undefined> {
  const row = await database
    .selectFrom("users")
    .select(COLUMNS)
    .where("username", "=", username)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Finds a user by id. */
export async function findUserById(database: Database, id: string): Promise<UserRecord | undefined> {
  const row = await database.selectFrom("users").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Number of users. */
export async function countUsers(database: Database): Promise<number> {
  const row = await database
    .selectFrom("users")
    .select((builder) => builder.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Lists users without their password hashes. */
export async function listUsers(database: Database): Promise<Array<Omit<UserRecord, "passwordHash">>> {
  const rows = await database.selectFrom("users").select(COLUMNS).orderBy("created_at").execute();
  return rows.map((row) => {
    const { passwordHash: _hidden, ...rest } = toRecord(row);
    return rest;
  });
}

/**
 * Counts a failed login atomically; locks the account until `lockUntil` when the count reaches `maxFailures`.
 * Returns the new count and the lock time (if locked now).
 */
export async function recordFailedLogin(
  database: Database,
  userId: string,
  maxFailures: number,
  lockUntil: Date,
): Promise<{ failedLoginCount: number; lockedUntil: Date | null }> {
  const row = await database
    .updateTable("users")
    .set((builder) => ({
      failed_login_count: builder("failed_login_count", "+", 1),
      updated_at: new Date(),
    }))
    .where("id", "=", userId)
    .returning(["failed_login_count", "locked_until"])
    .executeTakeFirstOrThrow();
  if (row.failed_login_count >= maxFailures) {
    await database
      .updateTable("users")
      .set({ locked_until: lockUntil, failed_login_count: 0 })
      .where("id", "=", userId)
      .execute();
    return { failedLoginCount: row.failed_login_count, lockedUntil: lockUntil };
  }
  return { failedLoginCount: row.failed_login_count, lockedUntil: null };
}

/** Clears failures and the lock and stamps the login time. */
export async function recordSuccessfulLogin(database: Database, userId: string): Promise<void> {
  await database
    .updateTable("users")
    .set({ failed_login_count: 0, locked_until: null, last_login_at: new Date(), updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
}

/** Changes a user's role; returns false when the user does not exist. */
export async function updateUserRole(database: Database, userId: string, role: Role): Promise<boolean> {
  const result = await database
    .updateTable("users")
    .set({ role, updated_at: new Date() })
    .where("id", "=", userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Replaces a user's password hash and clears the change-required flag. */
export async function updateUserPassword(
  database: Database,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await database
    .updateTable("users")
    .set({ password_hash: passwordHash, must_change_password: false, updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
}
