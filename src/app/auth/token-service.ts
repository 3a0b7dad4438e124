import { createHash, randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Role } from "./roles.ts";
import { isRole } from "./roles.ts";

/** Claims of an access token. */
export interface AccessClaims {
  userId: string;
  username: string;
  role: Role;
  /** The user must change the one-time password before doing anything else. */
  passwordChangeRequired: boolean;
}

/** Why a token was refused. */
export type TokenProblem = "expired" | "invalid";

const ISSUER = "hlbot";
const AUDIENCE = "hlbot-api";

/** Signs and verifies HS256 access tokens; creates and hashes opaque refresh tokens. */
export class TokenService {
  private readonly key: Uint8Array;

  /**
   * @param secret at least 32 characters; shared by every API replica.
   * @param accessTtlSeconds lifetime of access tokens (900-3600 s).
   */
  constructor(
    secret: string,
    readonly accessTtlSeconds: number,
  ) {
    if (secret.length < 32) throw new RangeError("the JWT secret must have at least 32 characters");
    this.key = new TextEncoder().encode(secret);
  }

  /** A signed access token for the claims. */
  async signAccess(claims: AccessClaims): Promise<string> {
    return await new SignJWT({
      username: claims.username,
      role: claims.role,
      pcr: claims.passwordChangeRequired,
    })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.accessTtlSeconds}s`)
      .sign(this.key);
  }

  /** Verifies signature, issuer, audience and expiry; returns the claims or why the token was refused. */
  async verifyAccess(token: string): Promise<AccessClaims | TokenProblem> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
      });
      if (typeof payload.sub !== "string" || typeof payload.username !== "string" || !isRole(payload.role)) {
        return "invalid";
      }
      return {
        userId: payload.sub,
        username: payload.username,
        role: payload.role,
        passwordChangeRequired: payload.pcr === true,
      };
    } catch (error) {
      return error instanceof joseErrors.JWTExpired ? "expired" : "invalid";
    }
  }

  /** A new opaque refresh token (256 random bits, base64url). */
  createRefreshToken(): string {
    return randomBytes(32).toString("base64url");
  }

  /** The SHA-256 hash under which a refresh token is stored. */
  hashRefreshToken(token: string): string {
    return createHash("sha256").update(token).digest("hex");
  }
}
