import type { Database } from "./database.ts";

/** A stored refresh token (only its SHA-256 hash is stored). */
export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  replacedBy: string | null;
}

/** Stores a new refresh token hash. */
export async function insertRefreshToken(
  database: Database,
  token: { id?: string; userId: string; familyId: string; tokenHash: string; expiresAt: Date },
): Promise<string> {
  const row = await database
    .insertInto("refresh_tokens")
    .values({
      ...(token.id ? { id: token.id } : {}),
      user_id: token.userId,
      family_id: token.familyId,
      token_hash: token.tokenHash,
      expires_at: token.expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Finds a token by its hash. */
export async function findRefreshTokenByHash(
  database: Database,
  tokenHash: string,
): Promise<RefreshTokenRecord | undefined> {
  const row = await database
    .selectFrom("refresh_tokens")
    .select(["id", "user_id", "family_id", "expires_at", "revoked_at", "replaced_by"])
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.user_id,
    familyId: row.family_id,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    replacedBy: row.replaced_by,
  };
}

/**
 * Marks a token as used (revoked, replaced by `replacedBy`) only if it is still active.
 * Returns false when another request already used it (a reuse).
 */
export async function consumeRefreshToken(
  database: Database,
  id: string,
  replacedBy: string | null,
): Promise<boolean> {
  const result = await database
    .updateTable("refresh_tokens")
    .set({ revoked_at: new Date(), replaced_by: replacedBy })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every still-active token of a family. */
export async function revokeRefreshTokenFamily(database: Database, familyId: string): Promise<number> {
  const result = await database
    .updateTable("refresh_tokens")
    .set({ revoked_at: new Date() })
    .where("family_id", "=", familyId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
