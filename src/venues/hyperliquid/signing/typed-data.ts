/**
 * EIP-712 hashing for the flat structs Hyperliquid signs (`Agent`, `HyperliquidTransaction:*`):
 * field types `string`, `bytes`, `bytes32`, `address`, `bool`, `uintN`, `intN`. Nested structs and
 * arrays are not used by Hyperliquid's single-signer actions and are refused.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { ValidationError } from "../../../core/index.ts";

/** One EIP-712 struct field. */
export interface TypedDataField {
  name: string;
  type: string;
}

/** The EIP-712 domain as Hyperliquid uses it. */
export interface TypedDataDomain {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: `0x${string}`;
}

/** A complete typed-data payload, in viem's shape. */
export interface TypedDataPayload {
  domain: TypedDataDomain;
  types: Record<string, readonly TypedDataField[]>;
  primaryType: string;
  message: Record<string, unknown>;
}

/** The all-zero address Hyperliquid uses as `verifyingContract`. */
export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as const;

const DOMAIN_FIELDS: readonly TypedDataField[] = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
];

const encoder = new TextEncoder();
const typeHashCache = new Map<string, Uint8Array>();
const domainCache = new Map<string, Uint8Array>();

/** Decodes `0x`-prefixed (or bare) hex into bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const body = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) {
    throw new ValidationError(`Invalid hex string: ${hex.slice(0, 20)}`);
  }
  return Uint8Array.from(Buffer.from(body, "hex"));
}

/** Encodes bytes as lowercase `0x`-prefixed hex. */
export function bytesToHex(bytes: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

function typeHash(primaryType: string, fields: readonly TypedDataField[]): Uint8Array {
  const signature = `${primaryType}(${fields.map((field) => `${field.type} ${field.name}`).join(",")})`;
  let hash = typeHashCache.get(signature);
  if (!hash) {
    hash = keccak_256(encoder.encode(signature));
    typeHashCache.set(signature, hash);
  }
  return hash;
}

function encodeInteger(value: unknown, type: string): Uint8Array {
  let integer: bigint;
  if (typeof value === "bigint") integer = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) integer = BigInt(value);
  else if (typeof value === "string" && /^(0x[0-9a-fA-F]+|-?\d+)$/.test(value)) integer = BigInt(value);
  else throw new ValidationError(`EIP-712 ${type} needs an integer, got ${String(value)}`);
  const word = BigInt.asUintN(256, integer);
  return hexToBytes(word.toString(16).padStart(64, "0"));
}

function encodeField(type: string, value: unknown): Uint8Array {
  if (type === "string") {
    // An absent optional string (approveAgent without agentName) is signed as "".
    if (value === undefined || value === null) return keccak_256(new Uint8Array(0));
    if (typeof value !== "string") throw new ValidationError("EIP-712 string needs a string");
    return keccak_256(encoder.encode(value));
  }
  if (type === "bytes") return keccak_256(hexToBytes(String(value)));
  if (type === "bytes32") {
    const bytes = hexToBytes(String(value));
    if (bytes.length !== 32) throw new ValidationError("EIP-712 bytes32 needs 32 bytes");
    return bytes;
  }
  if (type === "address") {
    const bytes = hexToBytes(String(value));
    if (bytes.length !== 20) throw new ValidationError("EIP-712 address needs 20 bytes");
    const word = new Uint8Array(32);
    word.set(bytes, 12);
    return word;
  }
  if (type === "bool") return encodeInteger(value === true ? 1 : 0, type);
  if (/^u?int\d*$/.test(type)) return encodeInteger(value, type);
  throw new ValidationError(`EIP-712 type ${type} is not supported`);
}

/** keccak256 of the encoded struct: typeHash ‖ encoded fields. */
export function hashStruct(
  primaryType: string,
  fields: readonly TypedDataField[],
  message: Record<string, unknown>,
): Uint8Array {
  const buffer = new Uint8Array(32 * (fields.length + 1));
  buffer.set(typeHash(primaryType, fields), 0);
  fields.forEach((field, index) => {
    buffer.set(encodeField(field.type, message[field.name]), 32 * (index + 1));
  });
  return keccak_256(buffer);
}

/** The EIP-712 domain separator (cached per domain). */
export function domainSeparator(domain: TypedDataDomain): Uint8Array {
  const key = `${domain.name}|${domain.version}|${domain.chainId}|${domain.verifyingContract.toLowerCase()}`;
  let separator = domainCache.get(key);
  if (!separator) {
    separator = hashStruct("EIP712Domain", DOMAIN_FIELDS, { ...domain });
    domainCache.set(key, separator);
  }
  return separator;
}

/**
 * The 32-byte digest that is signed: keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)).
 * A `EIP712Domain` entry in `types` (viem adds one) is ignored.
 * @throws ValidationError when the primary type is missing or uses an unsupported field type.
 */
export function typedDataDigest(payload: TypedDataPayload): Uint8Array {
  const fields = payload.types[payload.primaryType];
  if (!fields) throw new ValidationError(`EIP-712 primary type ${payload.primaryType} is not in types`);
  const buffer = new Uint8Array(66);
  buffer[0] = 0x19;
  buffer[1] = 0x01;
  buffer.set(domainSeparator(payload.domain), 2);
  buffer.set(hashStruct(payload.primaryType, fields, payload.message), 34);
  return keccak_256(buffer);
}
