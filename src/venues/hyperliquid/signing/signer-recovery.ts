/**
 * Recovers the address that signed an `/exchange` request, as Hyperliquid does: a wrong hash or a
 * wrong network simply yields a different address, which the caller then fails to find.
 */
// libsecp256k1's prebuilt binding (≈ 60 µs per recovery here, 4× the wasm of tiny-secp256k1); the
// package falls back to pure JavaScript where no prebuilt binary fits, and its install script (a
// native build) is not needed for that.
import secp256k1 from "secp256k1";
import { hashL1Action, type L1ActionInput, l1ActionTypedData } from "./l1-action.ts";
import { publicKeyToAddress } from "./private-key-wallet.ts";
import { hexToBytes, typedDataDigest } from "./typed-data.ts";
import { userSignedActionTypedData } from "./user-signed-action.ts";

/** A signature as sent on the wire; r/s may lack leading zeros, v is 27/28 or 0/1. */
export interface WireSignature {
  r: string;
  s: string;
  v: number;
}

function toCompact(signature: WireSignature): { compact: Uint8Array; recoveryId: 0 | 1 } | null {
  const r = signature.r.replace(/^0x/i, "");
  const s = signature.s.replace(/^0x/i, "");
  if (r.length === 0 || r.length > 64 || s.length === 0 || s.length > 64) return null;
  const v = signature.v >= 27 ? signature.v - 27 : signature.v;
  if (v !== 0 && v !== 1) return null;
  try {
    return { compact: hexToBytes(`0x${r.padStart(64, "0")}${s.padStart(64, "0")}`), recoveryId: v };
  } catch {
    return null;
  }
}

/** Recovers the lowercase signer address of a 32-byte digest, or null when the signature is unusable. */
export function recoverDigestSigner(digest: Uint8Array, signature: WireSignature): `0x${string}` | null {
  const parts = toCompact(signature);
  if (!parts) return null;
  try {
    return publicKeyToAddress(secp256k1.ecdsaRecover(parts.compact, parts.recoveryId, digest, false));
  } catch {
    return null;
  }
}

/** Recovers the signer of an L1 action (hashing the action exactly as received). */
export function recoverL1ActionSigner(
  input: L1ActionInput & { signature: WireSignature; isTestnet: boolean },
): `0x${string}` | null {
  const connectionId = hashL1Action(input);
  return recoverDigestSigner(
    typedDataDigest(l1ActionTypedData(connectionId, input.isTestnet)),
    input.signature,
  );
}

/** Recovers the signer of a user-signed action; null for an unknown type or unusable signature. */
export function recoverUserSignedActionSigner(
  action: Record<string, unknown>,
  signature: WireSignature,
): `0x${string}` | null {
  try {
    return recoverDigestSigner(typedDataDigest(userSignedActionTypedData(action)), signature);
  } catch {
    return null;
  }
}
