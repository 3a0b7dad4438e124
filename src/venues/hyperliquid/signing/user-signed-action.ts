/**
 * User-signed actions (approveAgent, usdSend, withdraw3, …) are EIP-712 structs over the action's own
 * fields under the `HyperliquidSignTransaction` domain, whose chain id is the action's
 * `signatureChainId`. No msgpack, no phantom agent, no vault, no expiry.
 */
import { ValidationError } from "../../../core/index.ts";
import { type TypedDataField, type TypedDataPayload, ZERO_ADDRESS } from "./typed-data.ts";

/** EIP-712 primary type and fields of each user-signed action type Hyperliquid defines. */
export const USER_SIGNED_ACTION_TYPES: Readonly<
  Record<string, { primaryType: string; fields: readonly TypedDataField[] }>
> = {
  approveAgent: {
    primaryType: "HyperliquidTransaction:ApproveAgent",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "agentAddress", type: "address" },
      { name: "agentName", type: "string" },
      { name: "nonce", type: "uint64" },
    ],
  },
  usdSend: {
    primaryType: "HyperliquidTransaction:UsdSend",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "destination", type: "string" },
      { name: "amount", type: "string" },
      { name: "time", type: "uint64" },
    ],
  },
  withdraw3: {
    primaryType: "HyperliquidTransaction:Withdraw",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "destination", type: "string" },
      { name: "amount", type: "string" },
      { name: "time", type: "uint64" },
    ],
  },
  usdClassTransfer: {
    primaryType: "HyperliquidTransaction:UsdClassTransfer",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "amount", type: "string" },
      { name: "toPerp", type: "bool" },
      { name: "nonce", type: "uint64" },
    ],
  },
  spotSend: {
    primaryType: "HyperliquidTransaction:SpotSend",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "destination", type: "string" },
      { name: "token", type: "string" },
      { name: "amount", type: "string" },
      { name: "time", type: "uint64" },
    ],
  },
  approveBuilderFee: {
    primaryType: "HyperliquidTransaction:ApproveBuilderFee",
    fields: [
      { name: "hyperliquidChain", type: "string" },
      { name: "maxFeeRate", type: "string" },
      { name: "builder", type: "address" },
      { name: "nonce", type: "uint64" },
    ],
  },
};

/** Whether an action type is signed as a user-signed (EIP-712) action rather than an L1 action. */
export function isUserSignedActionType(type: string): boolean {
  return Object.hasOwn(USER_SIGNED_ACTION_TYPES, type);
}

/**
 * The typed data of a user-signed action (`action.type` picks the struct; `signatureChainId` the domain).
 * @throws ValidationError for an unknown type or a missing/invalid `signatureChainId`.
 */
export function userSignedActionTypedData(action: Record<string, unknown>): TypedDataPayload {
  const type = String(action.type);
  const definition = USER_SIGNED_ACTION_TYPES[type];
  if (!definition) throw new ValidationError(`Unknown user-signed action type ${type}`, { field: "type" });
  const chainId =
    typeof action.signatureChainId === "string" ? Number.parseInt(action.signatureChainId, 16) : Number.NaN;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new ValidationError(`Invalid signatureChainId ${String(action.signatureChainId)}`, {
      field: "signatureChainId",
    });
  }
  return {
    domain: { name: "HyperliquidSignTransaction", version: "1", chainId, verifyingContract: ZERO_ADDRESS },
    types: { [definition.primaryType]: definition.fields },
    primaryType: definition.primaryType,
    message: action,
  };
}
