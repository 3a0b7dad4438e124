import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * The JWT signing secret: JWT_SECRET when set, otherwise a random one generated on first use and kept
 * (mode 0600) in `file`, so tokens survive restarts of a single-machine install.
 */
export function resolveJwtSecret(configured: string | undefined, file = "./var/jwt-secret"): string {
  if (configured) return configured;
  const path = resolve(file);
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
