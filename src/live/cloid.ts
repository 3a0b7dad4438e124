import { createHash } from "node:crypto";

/**
 * Deterministic Hyperliquid client order id (16 bytes, `0x` + 32 hex) of one engine order: the
 * SHA-256 of `botId`, the node session and the engine's order id, cut to 128 bits with the top bit
 * set (so the SDK never mistakes it for a small number, see src/venues/simulator/README.md). A retried
 * send of the same order carries the same cloid, and the venue refuses the duplicate.
 */
export function deriveCloid(botId: string, session: number, orderId: string): `0x${string}` {
  const digest = createHash("sha256").update(`${botId}\u0000${session}\u0000${orderId}`).digest();
  digest[0] = ((digest[0] as number) | 0x80) & 0xff;
  return `0x${digest.subarray(0, 16).toString("hex")}`;
}
