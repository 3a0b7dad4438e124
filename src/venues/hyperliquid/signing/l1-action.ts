/**
 * L1 actions (order, cancel, modify, …) are signed through a "phantom agent": the action is msgpack-
 * encoded in its wire key order, followed by the nonce, the vault marker and the optional expiry;
 * keccak256 of those bytes is the `connectionId` of an EIP-712 `Agent` struct signed under the
 * `Exchange` domain (chain id 1337). `source` is `"a"` on mainnet and `"b"` on testnet.
 */
import { encode } from "@msgpack/msgpack";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, type TypedDataPayload, ZERO_ADDRESS } from "./typed-data.ts";

/** What an L1 signature covers besides the network. */
export interface L1ActionInput {
  /** The action exactly as sent (key order matters). */
  action: Record<string, unknown>;
  /** The nonce (ms timestamp). */
  nonce: number;
  /** Sub-account or vault the action trades for, if any. */
  vaultAddress?: string | null | undefined;
  /** Expiry in ms since the epoch, if any. */
  expiresAfter?: number | null | undefined;
}

/** The `Exchange` EIP-712 domain of L1 actions. */
export const EXCHANGE_DOMAIN = {
  name: "Exchange",
  version: "1",
  chainId: 1337,
  verifyingContract: ZERO_ADDRESS,
} as const;

/** The phantom-agent struct. */
export const AGENT_TYPES = {
  Agent: [
    { name: "source", type: "string" },
    { name: "connectionId", type: "bytes32" },
  ],
} as const;

const MSGPACK_OPTIONS = { ignoreUndefined: true } as const;

function uint64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
  return bytes;
}

/**
 * The action hash (`connectionId`): keccak256(msgpack(action) ‖ nonce u64 BE ‖ vault marker [‖ vault]
 * [‖ 0x00 ‖ expiresAfter u64 BE]).
 */
export function hashL1Action(input: L1ActionInput): `0x${string}` {
  const actionBytes = encode(input.action, MSGPACK_OPTIONS);
  const vault = input.vaultAddress ? hexToBytes(input.vaultAddress) : null;
  const hasExpiry = input.expiresAfter !== undefined && input.expiresAfter !== null;
  const length = actionBytes.length + 8 + 1 + (vault ? 20 : 0) + (hasExpiry ? 9 : 0);
  const buffer = new Uint8Array(length);
  let offset = 0;
  buffer.set(actionBytes, offset);
  offset += actionBytes.length;
  buffer.set(uint64(input.nonce), offset);
  offset += 8;
  buffer[offset++] = vault ? 1 : 0;
  if (vault) {
    buffer.set(vault, offset);
    offset += 20;
  }
  if (hasExpiry) {
    buffer[offset++] = 0;
    buffer.set(uint64(input.expiresAfter as number), offset);
  }
  return bytesToHex(keccak_256(buffer));
}

/** The typed data a wallet signs for an L1 action. */
export function l1ActionTypedData(connectionId: `0x${string}`, isTestnet: boolean): TypedDataPayload {
  return {
    domain: EXCHANGE_DOMAIN,
    types: AGENT_TYPES,
    primaryType: "Agent",
    message: { source: isTestnet ? "b" : "a", connectionId },
  };
}
