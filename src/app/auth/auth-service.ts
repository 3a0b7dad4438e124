import { randomUUID } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { AppError, ValidationError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import {
  consumeRefreshToken,
  countUsers,
  type Database,
  findRefreshTokenByHash,
  findUserById,
  findUserByUsername,
  insertRefreshToken,
  insertUser,
  recordFailedLogin,
  recordSuccessfulLogin,
  revokeRefreshTokenFamily,
  type UserRecord,
  updateUserPassword,
  updateUserRole,
  writeAudit,
} from "../../storage/index.ts";
import { assertPasswordPolicy, generatePassword } from "./password-policy.ts";
import { isRole, type Role } from "./roles.ts";
import type { TokenService } from "./token-service.ts";

/** Failed logins in a row that lock an account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCKOUT_MS = 15 * 60_000;

/** The token pair returned by login and refresh (OAuth2 shape). */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  expires_in: number;
}

/** Authentication failures, answered as 401 (or 423 when locked). */
export class AuthenticationError extends AppError {
  constructor(
    code: "INVALID_CREDENTIALS" | "ACCOUNT_LOCKED" | "INVALID_REFRESH_TOKEN" | "REFRESH_TOKEN_REUSED",
    message: string,
  ) {
    super(code, message);
  }
}

/** A public view of a user. */
export interface UserView {
  id: string;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip?: string;
}

const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
const REFRESH_TTL_MS = 7 * 24 * 3_600_000;
// Verifying against this keeps the timing of unknown-user logins close to that of wrong passwords.
const DUMMY_HASH = await hash("dummy password that never matches 1!A");

/** Turns a stored user into its public view. */
export function toUserView(user: Omit<UserRecord, "passwordHash">): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

/**
 * Users, logins with lockout, rotating refresh tokens with reuse detection, and role changes.
 * Every failure and privilege change is written to `audit_log` and logged with the event names
 * the operations manual greps for (`authentication_failed`).
 */
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly tokens: TokenService,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Creates a user after checking the name and the password policy.
   * @throws {ValidationError} for a bad username, role or password, or a taken username.
   */
  async createUser(
    input: { username: string; password: string; role: string; mustChangePassword?: boolean },
    actor = "cli",
  ): Promise<UserView> {
    if (!USERNAME_PATTERN.test(input.username)) {
      throw new ValidationError("username must be 3-64 characters of letters, digits, . _ -", {
        field: "username",
      });
    }
    if (!isRole(input.role)) {
      throw new ValidationError(
        `role ${JSON.stringify(input.role)} is not one of viewer, trader, strategist, admin`,
        {
          field: "role",
        },
      );
    }
    assertPasswordPolicy(input.password);
    const user = await insertUser(this.database, {
      username: input.username,
      passwordHash: await hash(input.password),
      role: input.role,
      mustChangePassword: input.mustChangePassword ?? false,
    });
    if (!user)
      throw new ValidationError(`username ${JSON.stringify(input.username)} is taken`, { field: "username" });
    await writeAudit(this.database, {
      actor,
      action: "user_created",
      target: user.username,
      details: { role: user.role },
    });
    return toUserView(user);
  }

  /**
   * On a database without users, creates `admin` with a generated one-time password and returns the
   * password (to be shown once on the console, never logged). Returns undefined when users exist.
   */
  async ensureFirstAdmin(): Promise<{ username: string; password: string } | undefined> {
    if ((await countUsers(this.database)) > 0) return undefined;
    const password = generatePassword();
    await this.createUser({ username: "admin", password, role: "admin", mustChangePassword: true }, "system");
    return { username: "admin", password };
  }

  /**
   * Checks a username and password and returns a new token pair.
   * @throws {AuthenticationError} INVALID_CREDENTIALS (unknown user or wrong password, indistinguishable),
   *   ACCOUNT_LOCKED after {@link MAX_FAILED_LOGINS} failures in a row, for {@link LOCKOUT_MS}.
   */
  async login(username: string, password: string, origin: RequestOrigin = {}): Promise<TokenPair> {
    const user = await findUserByUsername(this.database, username);
    if (!user || user.disabled) {
      await verify(DUMMY_HASH, password).catch(() => false);
      await this.failed(username, "unknown_user", origin);
      throw new AuthenticationError("INVALID_CREDENTIALS", "invalid username or password");
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > this.now()) {
      await this.failed(username, "account_locked", origin);
      throw new AuthenticationError(
        "ACCOUNT_LOCKED",
        `account locked after ${MAX_FAILED_LOGINS} failed logins until ${user.lockedUntil.toISOString()}`,
      );
    }
    if (!(await verify(user.passwordHash, password).catch(() => false))) {
      const result = await recordFailedLogin(
        this.database,
        user.id,
        MAX_FAILED_LOGINS,
        new Date(this.now() + LOCKOUT_MS),
      );
      await this.failed(username, "wrong_password", origin);
      if (result.lockedUntil) {
        this.logger.warn({ event: "account_locked", username, ip: origin.ip }, "account locked");
        await writeAudit(this.database, {
          actor: username,
          action: "account_locked",
          target: username,
          details: { until: result.lockedUntil.toISOString() },
          ip: origin.ip ?? null,
        });
      }
      throw new AuthenticationError("INVALID_CREDENTIALS", "invalid username or password");
    }
    await recordSuccessfulLogin(this.database, user.id);
    return await this.issue(user, randomUUID());
  }

  /**
   * Exchanges a refresh token for a new pair; the old token is consumed. Presenting a consumed token
   * again revokes its whole family (every token descended from the same login).
   * @throws {AuthenticationError} INVALID_REFRESH_TOKEN or REFRESH_TOKEN_REUSED.
   */
  async refresh(refreshToken: string, origin: RequestOrigin = {}): Promise<TokenPair> {
    const stored = await findRefreshTokenByHash(this.database, this.tokens.hashRefreshToken(refreshToken));
    if (!stored || stored.expiresAt.getTime() <= this.now()) {
      throw new AuthenticationError("INVALID_REFRESH_TOKEN", "refresh token is invalid or expired");
    }
    const user = await findUserById(this.database, stored.userId);
    const nextId = randomUUID();
    if (
      stored.revokedAt ||
      !user ||
      user.disabled ||
      !(await consumeRefreshToken(this.database, stored.id, nextId))
    ) {
      const reused = stored.revokedAt !== null && stored.replacedBy !== null;
      if (reused || (!stored.revokedAt && user && !user.disabled)) {
        const revoked = await revokeRefreshTokenFamily(this.database, stored.familyId);
        this.logger.warn(
          { event: "refresh_token_reused", userId: stored.userId, ip: origin.ip, revoked },
          "refresh token reused: family revoked",
        );
        await writeAudit(this.database, {
          actor: user?.username ?? stored.userId,
          action: "refresh_token_reused",
          target: stored.familyId,
          details: { revoked },
          ip: origin.ip ?? null,
        });
        throw new AuthenticationError(
          "REFRESH_TOKEN_REUSED",
          "refresh token was already used; please log in again",
        );
      }
      throw new AuthenticationError("INVALID_REFRESH_TOKEN", "refresh token is invalid or expired");
    }
    return await this.issue(user, stored.familyId, nextId);
  }

  /** Revokes the family of a refresh token (logout). Unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<void> {
    const stored = await findRefreshTokenByHash(this.database, this.tokens.hashRefreshToken(refreshToken));
    if (stored) await revokeRefreshTokenFamily(this.database, stored.familyId);
  }

  /**
   * Changes the caller's password after checking the current one; revokes nothing else.
   * @throws {AuthenticationError} when the current password is wrong; {ValidationError} for a weak new one.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<TokenPair> {
    const user = await findUserById(this.database, userId);
    if (!user || !(await verify(user.passwordHash, currentPassword).catch(() => false))) {
      throw new AuthenticationError("INVALID_CREDENTIALS", "current password is wrong");
    }
    assertPasswordPolicy(newPassword, "new_password");
    if (newPassword === currentPassword) {
      throw new ValidationError("new_password must differ from the current password", {
        field: "new_password",
      });
    }
    await updateUserPassword(this.database, user.id, await hash(newPassword));
    await writeAudit(this.database, {
      actor: user.username,
      action: "password_changed",
      target: user.username,
    });
    return await this.issue({ ...user, mustChangePassword: false }, randomUUID());
  }

  /**
   * Assigns a role (admin only; enforced by the API route) and audits the change.
   * @throws {ValidationError} for an unknown role or user.
   */
  async changeRole(
    actor: string,
    userId: string,
    role: string,
    origin: RequestOrigin = {},
  ): Promise<UserView> {
    if (!isRole(role)) {
      throw new ValidationError(
        `role ${JSON.stringify(role)} is not one of viewer, trader, strategist, admin`,
        {
          field: "role",
        },
      );
    }
    const before = await findUserById(this.database, userId);
    if (!before || !(await updateUserRole(this.database, userId, role))) {
      throw new ValidationError(`no user with id ${JSON.stringify(userId)}`, { field: "id" });
    }
    this.logger.info(
      { event: "role_changed", actor, target: before.username, from: before.role, to: role },
      "role changed",
    );
    await writeAudit(this.database, {
      actor,
      action: "role_changed",
      target: before.username,
      details: { from: before.role, to: role },
      ip: origin.ip ?? null,
    });
    return toUserView({ ...before, role });
  }

  private async issue(user: UserRecord, familyId: string, tokenId?: string): Promise<TokenPair> {
    const refreshToken = this.tokens.createRefreshToken();
    await insertRefreshToken(this.database, {
      ...(tokenId ? { id: tokenId } : {}),
      userId: user.id,
      familyId,
      tokenHash: this.tokens.hashRefreshToken(refreshToken),
      expiresAt: new Date(this.now() + REFRESH_TTL_MS),
    });
    const accessToken = await this.tokens.signAccess({
      userId: user.id,
      username: user.username,
      role: user.role,
      passwordChangeRequired: user.mustChangePassword,
    });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: "bearer",
      expires_in: this.tokens.accessTtlSeconds,
    };
  }

  private async failed(username: string, reason: string, origin: RequestOrigin): Promise<void> {
    this.logger.warn(
      { event: "authentication_failed", username, reason, ip: origin.ip },
      "authentication_failed",
    );
    await writeAudit(this.database, {
      actor: username.slice(0, 64),
      action: "authentication_failed",
      target: username.slice(0, 64),
      reason,
      ip: origin.ip ?? null,
    });
  }
}
