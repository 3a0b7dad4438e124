import { createL1ActionHash, signL1Action, signUserSignedAction } from "@nktkas/hyperliquid/signing";
import { hashTypedData } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  bytesToHex,
  createPrivateKeyWallet,
  hashL1Action,
  l1ActionTypedData,
  privateKeyToAddress,
  recoverL1ActionSigner,
  recoverUserSignedActionSigner,
  typedDataDigest,
  USER_SIGNED_ACTION_TYPES,
  userSignedActionTypedData,
} from "../../src/venues/hyperliquid/index.ts";
import {
  L1_EXTRAS,
  L1_VECTORS,
  NKTKAS_HASH_VECTORS,
  PK_NKTKAS,
  PK_PY,
  PK_PY_ADDRESS,
  PK_RS,
  PK_RS_ADDRESS,
  pad32,
  USER_SIGNED_VECTORS,
} from "./helpers/signing-vectors.ts";

const ALL_L1 = [...L1_VECTORS, ...L1_EXTRAS];
const NETWORKS = [
  ["mainnet", false],
  ["testnet", true],
] as const;

const padded = (signature: { r: string; s: string; v: number }) => ({
  r: pad32(signature.r),
  s: pad32(signature.s),
  v: signature.v,
});

const userTypes = (action: Record<string, unknown>) => {
  const definition = USER_SIGNED_ACTION_TYPES[String(action.type)];
  if (!definition) throw new Error("unknown type");
  return { [definition.primaryType]: [...definition.fields] };
};

describe("addresses of the vector keys", () => {
  it("derives the published addresses", () => {
    expect(privateKeyToAddress(PK_PY)).toBe("0x14791697260E4c9A71f18484C9f997B308e59325");
    expect(privateKeyToAddress(PK_RS)).toBe("0xcD49bbAc6E85fdEB167EB7cA41A945d2b8758F6F");
    expect(createPrivateKeyWallet(PK_NKTKAS).address).toBe(privateKeyToAccount(PK_NKTKAS).address);
  });

  it("rejects malformed keys without echoing them", () => {
    expect(() => createPrivateKeyWallet("0x1234")).toThrow(/32 bytes of hex/);
    expect(() => createPrivateKeyWallet(`0x${"0".repeat(64)}`)).toThrow(/outside the secp256k1 range/);
    try {
      createPrivateKeyWallet("0xdeadbeef");
    } catch (error) {
      expect(String(error)).not.toContain("deadbeef");
    }
  });

  it("keeps the key out of the wallet's enumerable state", () => {
    const wallet = createPrivateKeyWallet(PK_PY);
    expect(JSON.stringify(wallet)).not.toContain(PK_PY.slice(2, 20));
    expect(Object.keys(wallet).sort()).toEqual(["address", "signTypedData"]);
  });
});

describe("L1 action hash (connectionId)", () => {
  it.each(ALL_L1.filter((vector) => vector.connectionId))("$name", (vector) => {
    const input = { action: vector.action, nonce: vector.nonce, vaultAddress: vector.vaultAddress };
    expect(hashL1Action(input)).toBe(vector.connectionId);
    expect(createL1ActionHash(input)).toBe(vector.connectionId);
  });

  it.each(NKTKAS_HASH_VECTORS)("nktkas vault=$vaultAddress expiresAfter=$expiresAfter", (vector) => {
    const action = L1_VECTORS.find((candidate) => candidate.name === "nktkas order")?.action ?? {};
    expect(hashL1Action({ action, nonce: 1234567890, ...vector })).toBe(vector.hash);
  });
});

describe("L1 signatures through the SDK", () => {
  for (const [network, isTestnet] of NETWORKS) {
    const vectors = ALL_L1.filter((vector) => vector[network]);
    it.each(vectors)(
      `$name (${network}) with a viem account and with the private-key wallet`,
      async (vector) => {
        const expected = padded(vector[network] as { r: string; s: string; v: number });
        const input = {
          action: vector.action,
          nonce: vector.nonce,
          isTestnet,
          vaultAddress: vector.vaultAddress,
        };
        const viaViem = await signL1Action({
          wallet: privateKeyToAccount(vector.privateKey as `0x${string}`),
          ...input,
        });
        const viaWallet = await signL1Action({ wallet: createPrivateKeyWallet(vector.privateKey), ...input });
        expect(viaViem).toEqual(expected);
        expect(viaWallet).toEqual(expected);
      },
    );
  }
});

describe("L1 signer recovery (simulator verifier)", () => {
  const expectedSigner = (privateKey: string) =>
    privateKey === PK_RS
      ? PK_RS_ADDRESS
      : privateKey === PK_PY
        ? PK_PY_ADDRESS
        : privateKeyToAddress(privateKey).toLowerCase();

  for (const [network, isTestnet] of NETWORKS) {
    const vectors = ALL_L1.filter((vector) => vector[network]);
    it.each(vectors)(
      `recovers the signer of $name (${network}) from the unpadded wire signature`,
      (vector) => {
        const signature = vector[network] as { r: string; s: string; v: number };
        const recovered = recoverL1ActionSigner({
          action: vector.action,
          nonce: vector.nonce,
          vaultAddress: vector.vaultAddress,
          signature,
          isTestnet,
        });
        expect(recovered).toBe(expectedSigner(vector.privateKey));
      },
    );
  }

  it("recovers a different address for the wrong network or a changed action", () => {
    const vector = L1_VECTORS[0];
    if (!vector?.mainnet) throw new Error("missing vector");
    const base = { action: vector.action, nonce: 0, signature: vector.mainnet };
    expect(recoverL1ActionSigner({ ...base, isTestnet: true })).not.toBe(PK_PY_ADDRESS);
    expect(recoverL1ActionSigner({ ...base, nonce: 1, isTestnet: false })).not.toBe(PK_PY_ADDRESS);
  });

  it("accepts v as 0/1 and returns null for an unusable signature", () => {
    const vector = L1_VECTORS[0];
    if (!vector?.mainnet) throw new Error("missing vector");
    const signature = { ...vector.mainnet, v: vector.mainnet.v - 27 };
    expect(recoverL1ActionSigner({ action: vector.action, nonce: 0, signature, isTestnet: false })).toBe(
      PK_PY_ADDRESS,
    );
    const broken = { r: "0x00", s: "0x01", v: 27 };
    expect(
      recoverL1ActionSigner({ action: vector.action, nonce: 0, signature: broken, isTestnet: false }),
    ).toBeNull();
    expect(
      recoverL1ActionSigner({
        action: vector.action,
        nonce: 0,
        signature: { ...broken, v: 30 },
        isTestnet: false,
      }),
    ).toBeNull();
  });
});

describe("typed data", () => {
  it("matches viem's EIP-712 digest for the Agent struct and user-signed actions", () => {
    const agent = l1ActionTypedData(
      "0x884f2c32bb6dbdd65f6033e32fb28c0cb6f5b345db0f6471fd3366d85c9252c1",
      false,
    );
    expect(bytesToHex(typedDataDigest(agent))).toBe(hashTypedData(agent as never));
    for (const vector of USER_SIGNED_VECTORS) {
      const payload = userSignedActionTypedData(vector.action);
      expect(bytesToHex(typedDataDigest(payload))).toBe(hashTypedData(payload as never));
    }
  });
});

describe("user-signed actions", () => {
  it.each(USER_SIGNED_VECTORS)("$name signs through the SDK with both wallets", async (vector) => {
    const expected = padded(vector.signature);
    const types = userTypes(vector.action);
    const action = vector.action as Record<string, unknown> & { signatureChainId: `0x${string}` };
    const viaViem = await signUserSignedAction({
      wallet: privateKeyToAccount(vector.privateKey as `0x${string}`),
      action,
      types,
    });
    const viaWallet = await signUserSignedAction({
      wallet: createPrivateKeyWallet(vector.privateKey),
      action,
      types,
    });
    expect(viaViem).toEqual(expected);
    expect(viaWallet).toEqual(expected);
  });

  it.each(USER_SIGNED_VECTORS)("$name: the verifier recovers the signer", (vector) => {
    expect(recoverUserSignedActionSigner(vector.action, vector.signature)).toBe(
      privateKeyToAddress(vector.privateKey).toLowerCase(),
    );
  });

  it("refuses unknown action types and bad chain ids", () => {
    const signature = USER_SIGNED_VECTORS[0]?.signature ?? { r: "0x1", s: "0x1", v: 27 };
    expect(recoverUserSignedActionSigner({ type: "mystery" }, signature)).toBeNull();
    expect(() => userSignedActionTypedData({ type: "usdSend", signatureChainId: "zz" })).toThrow(
      /signatureChainId/,
    );
  });
});
