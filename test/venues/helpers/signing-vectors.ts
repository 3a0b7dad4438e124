/** Official Hyperliquid signing vectors (reference §3.3) as test data. Keys are public test constants. */

export const PK_PY = "0x0123456789012345678901234567890123456789012345678901234567890123";
export const PK_PY_ADDRESS = "0x14791697260e4c9a71f18484c9f997b308e59325";
export const PK_RS = "0xe908f86dbb4d55ac876378565aafeabc187f6690f046459397b17d9b9a19688e";
export const PK_RS_ADDRESS = "0xcd49bbac6e85fdeb167eb7ca41a945d2b8758f6f";
export const PK_NKTKAS = "0x822e9959e022b78423eb653a62ea0020cd283e71a2a8133a6ff2aeffaf373cff";

export interface L1Vector {
  name: string;
  privateKey: string;
  action: Record<string, unknown>;
  nonce: number;
  vaultAddress?: `0x${string}`;
  expiresAfter?: number;
  connectionId?: string;
  mainnet?: { r: string; s: string; v: number };
  testnet?: { r: string; s: string; v: number };
}

const order = (extra: Record<string, unknown> = {}) => ({
  type: "order",
  orders: [{ a: 1, b: true, p: "100", s: "100", r: false, t: { limit: { tif: "Gtc" } }, ...extra }],
  grouping: "na",
});

const split = (hex: string) => ({
  r: `0x${hex.slice(2, 66)}`,
  s: `0x${hex.slice(66, 130)}`,
  v: Number.parseInt(hex.slice(130, 132), 16),
});

export const L1_VECTORS: L1Vector[] = [
  {
    name: "P1 order",
    privateKey: PK_PY,
    action: order(),
    nonce: 0,
    connectionId: "0x884f2c32bb6dbdd65f6033e32fb28c0cb6f5b345db0f6471fd3366d85c9252c1",
    mainnet: {
      r: "0xd65369825a9df5d80099e513cce430311d7d26ddf477f5b3a33d2806b100d78e",
      s: "0x2b54116ff64054968aa237c20ca9ff68000f977c93289157748a3162b6ea940e",
      v: 28,
    },
    testnet: {
      r: "0x82b2ba28e76b3d761093aaded1b1cdad4960b3af30212b343fb2e6cdfa4e3d54",
      s: "0x6b53878fc99d26047f4d7e8c90eb98955a109f44209163f52d8dc4278cbbd9f5",
      v: 27,
    },
  },
  {
    name: "P2 order with cloid",
    privateKey: PK_PY,
    action: order({ c: "0x00000000000000000000000000000001" }),
    nonce: 0,
    connectionId: "0x0ba500cedd8f4ba6ded620a0b1cd04f124d9ba745e2e2893fcc763bcc1444af5",
    mainnet: {
      r: "0x41ae18e8239a56cacbc5dad94d45d0b747e5da11ad564077fcac71277a946e3",
      s: "0x3c61f667e747404fe7eea8f90ab0e76cc12ce60270438b2058324681a00116da",
      v: 27,
    },
    testnet: {
      r: "0xeba0664bed2676fc4e5a743bf89e5c7501aa6d870bdb9446e122c9466c5cd16d",
      s: "0x7f3e74825c9114bc59086f1eebea2928c190fdfbfde144827cb02b85bbe90988",
      v: 28,
    },
  },
  {
    name: "P3 trigger order",
    privateKey: PK_PY,
    action: {
      type: "order",
      orders: [
        {
          a: 1,
          b: true,
          p: "100",
          s: "100",
          r: false,
          t: { trigger: { isMarket: true, triggerPx: "103", tpsl: "sl" } },
        },
      ],
      grouping: "na",
    },
    nonce: 0,
    connectionId: "0x430a86fb9876e901920d931f5bb20c9d011f6389bd179f39a73c09e6219adcad",
    mainnet: {
      r: "0x98343f2b5ae8e26bb2587daad3863bc70d8792b09af1841b6fdd530a2065a3f9",
      s: "0x6b5bb6bb0633b710aa22b721dd9dee6d083646a5f8e581a20b545be6c1feb405",
      v: 27,
    },
    testnet: {
      r: "0x971c554d917c44e0e1b6cc45d8f9404f32172a9d3b3566262347d0302896a2e4",
      s: "0x206257b104788f80450f8e786c329daa589aa0b32ba96948201ae556d5637eac",
      v: 28,
    },
  },
  {
    name: "P4 dummy with uint64",
    privateKey: PK_PY,
    action: { type: "dummy", num: 100000000000 },
    nonce: 0,
    connectionId: "0xf528daee6a0bd11407b483cfcd9a48c56884180b70ee86f124053e5fc1bf4d57",
    mainnet: {
      r: "0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298",
      s: "0x755c40ba9bf05223521753995abb2f73ab3229be8ec921f350cb447e384d8ed8",
      v: 27,
    },
    testnet: {
      r: "0x542af61ef1f429707e3c76c5293c80d01f74ef853e34b76efffcb57e574f9510",
      s: "0x17b8b32f086e8cdede991f1e2c529f5dd5297cbe8128500e00cbaf766204a613",
      v: 28,
    },
  },
  {
    name: "P5 dummy with vault",
    privateKey: PK_PY,
    action: { type: "dummy", num: 100000000000 },
    nonce: 0,
    vaultAddress: "0x1719884eb866cb12b2287399b15f7db5e7d775ea",
    connectionId: "0xde9e09a7a3da45cc694096d4bfdcd89bc1b892d05497c5ecc1f56c335945184c",
    mainnet: {
      r: "0x3c548db75e479f8012acf3000ca3a6b05606bc2ec0c29c50c515066a326239",
      s: "0x4d402be7396ce74fbba3795769cda45aec00dc3125a984f2a9f23177b190da2c",
      v: 28,
    },
    testnet: {
      r: "0xe281d2fb5c6e25ca01601f878e4d69c965bb598b88fac58e475dd1f5e56c362b",
      s: "0x7ddad27e9a238d045c035bc606349d075d5c5cd00a6cd1da23ab5c39d4ef0f60",
      v: 27,
    },
  },
  {
    name: "P6 scheduleCancel without time",
    privateKey: PK_PY,
    action: { type: "scheduleCancel" },
    nonce: 0,
    connectionId: "0xa2887a3147b6542306b61d311a056fd1753913d63cc904f30cba61712a98f4ae",
    mainnet: {
      r: "0x6cdfb286702f5917e76cd9b3b8bf678fcc49aec194c02a73e6d4f16891195df9",
      s: "0x6557ac307fa05d25b8d61f21fb8a938e703b3d9bf575f6717ba21ec61261b2a0",
      v: 27,
    },
    testnet: {
      r: "0xc75bb195c3f6a4e06b7d395acc20bbb224f6d23ccff7c6a26d327304e6efaeed",
      s: "0x342f8ede109a29f2c0723bd5efb9e9100e3bbb493f8fb5164ee3d385908233df",
      v: 28,
    },
  },
  {
    name: "P7 scheduleCancel with time",
    privateKey: PK_PY,
    action: { type: "scheduleCancel", time: 123456789 },
    nonce: 0,
    connectionId: "0x4be18e445114437c5d1d9dd35a09f5601a3cc34ed4ac94a0281251b9bd8f6832",
    mainnet: {
      r: "0x609cb20c737945d070716dcc696ba030e9976fcf5edad87afa7d877493109d55",
      s: "0x16c685d63b5c7a04512d73f183b3d7a00da5406ff1f8aad33f8ae2163bab758b",
      v: 28,
    },
    testnet: {
      r: "0x4e4f2dbd4107c69783e251b7e1057d9f2b9d11cee213441ccfa2be63516dc5bc",
      s: "0x706c656b23428c8ba356d68db207e11139ede1670481a9e01ae2dfcdb0e1a678",
      v: 27,
    },
  },
  {
    name: "P8 order with real nonce (hash only)",
    privateKey: PK_PY,
    action: {
      type: "order",
      orders: [{ a: 4, b: true, p: "1670.1", s: "0.0147", r: false, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    },
    nonce: 1677777606040,
    connectionId: "0x0fcbeda5ae3c4950a548021552a4fea2226858c4453571bf3f24ba017eac2908",
  },
  {
    name: "createSubAccount",
    privateKey: PK_PY,
    action: { type: "createSubAccount", name: "example" },
    nonce: 0,
    mainnet: {
      r: "0x51096fe3239421d16b671e192f574ae24ae14329099b6db28e479b86cdd6caa7",
      s: "0xb71f7d293af92d3772572afb8b102d167a7cef7473388286bc01f52a5c5b423",
      v: 27,
    },
  },
  {
    name: "R1 cancel (rust)",
    privateKey: PK_RS,
    action: { type: "cancel", cancels: [{ a: 1, o: 82382 }] },
    nonce: 1583838,
    connectionId: "0xa53262329d1e221a88ff73e5ce330e0e47fb646091cae7020c34c346e592b77e",
    mainnet: split(
      "0x02f76cc5b16e0810152fa0e14e7b219f49c361e3325f771544c6f54e157bf9fa17ed0afc11a98596be85d5cd9f86600aad515337318f7ab346e5ccc1b03425d51b",
    ),
    testnet: split(
      "0x6ffebadfd48067663390962539fbde76cfa36f53be65abe2ab72c9db6d0db44457720db9d7c4860f142a484f070c84eb4b9694c3a617c83f0d698a27e55fd5e01c",
    ),
  },
  {
    name: "R2 order with un-normalized price (rust)",
    privateKey: PK_RS,
    action: {
      type: "order",
      orders: [{ a: 1, b: true, p: "2000.0", s: "3.5", r: false, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    },
    nonce: 1583838,
    connectionId: "0x5983a9453b8d32668daefa9310e1a81bc1f4d7da50a9ad8869a4011d12068ea0",
    mainnet: split(
      "0x77957e58e70f43b6b68581f2dc42011fc384538a2e5b7bf42d5b936f19fbb67360721a8598727230f67080efee48c812a6a4442013fd3b0eed509171bef9f23f1c",
    ),
    testnet: split(
      "0xcd0925372ff1ed499e54883e9a6205ecfadec748f80ec463fe2f84f1209648776377961965cb7b12414186b1ea291e95fd512722427efcbcfb3b0b2bcd4d79d01c",
    ),
  },
  {
    name: "nktkas order",
    privateKey: PK_NKTKAS,
    action: {
      type: "order",
      orders: [{ a: 0, b: true, p: "30000", s: "0.1", r: false, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    },
    nonce: 1234567890,
    connectionId: "0x25367e0dba84351148288c2233cd6130ed6cec5967ded0c0b7334f36f957cc90",
    mainnet: {
      r: "0x61078d8ffa3cb591de045438a1ae2ed299b271891d1943a33901e7cfb3a31ed8",
      s: "0x0e91df4f9841641d3322dad8d932874b74d7e082cdb5b533f804964a6963aef9",
      v: 28,
    },
    testnet: {
      r: "0x6b0283a894d87b996ad0182b86251cc80d27d61ef307449a2ed249a508ded1f7",
      s: "0x6f884e79f4a0a10af62db831af6f8e03b3f11d899eb49b352f836746ee9226da",
      v: 27,
    },
  },
];

/** nktkas hash vectors with vault and/or expiresAfter. */
export const NKTKAS_HASH_VECTORS = [
  {
    vaultAddress: "0x1234567890123456789012345678901234567890",
    expiresAfter: undefined,
    hash: "0x214e2ea3270981b6fd18174216691e69f56872663139d396b10ded319cb4bb1e",
  },
  {
    vaultAddress: undefined,
    expiresAfter: 1234567890,
    hash: "0xc30b002ba3775e4c31c43c1dfd3291dfc85c6ae06c6b9f393991de86cad5fac7",
  },
  {
    vaultAddress: "0x1234567890123456789012345678901234567890",
    expiresAfter: 1234567890,
    hash: "0x2d62412aa0fc57441b5189841d81554a6a9680bf07204e1454983a9ca44f0744",
  },
] as const;

/** Self-computed L1 extras (PK_PY, nonce 1700000000000, mainnet). */
export const L1_EXTRAS: L1Vector[] = [
  {
    name: "updateLeverage",
    action: { type: "updateLeverage", asset: 0, isCross: true, leverage: 10 },
    connectionId: "0xe69c035a0297dd24d9b288c3e8509ae251baf7bf43a43b895327a2cab098389e",
    mainnet: {
      r: "0x4fa0ed1f37b56019934737616f720140dc2d415064df1f02ef44e0a6431dc02d",
      s: "0x0541f7b41434b08725ae4d5908e3dc426e8a9ae09833f907d077fc4e32df6c2e",
      v: 27,
    },
  },
  {
    name: "cancelByCloid",
    action: { type: "cancelByCloid", cancels: [{ asset: 1, cloid: "0x00000000000000000000000000000001" }] },
    connectionId: "0xff888b53d8ec27155197e50698343967aa922eba74ef605d7f2b1b1dd57c10de",
    mainnet: {
      r: "0xd8ad694a3002d9d3e462be876e1e0975d0cb990265ca8c3dffbd144e10c84db5",
      s: "0x6e760fa62e1f9f1e69d38878fab2ff660fa170b38073dbcde110279f786aa77e",
      v: 28,
    },
  },
  {
    name: "modify",
    action: {
      type: "modify",
      oid: 123,
      order: { a: 1, b: false, p: "2500", s: "0.5", r: false, t: { limit: { tif: "Alo" } } },
    },
    connectionId: "0x37d71de255e7b6d34d2f1535fe178ef0ad73c474678d7bbccd5a1c8a3d024737",
    mainnet: {
      r: "0xccd417dcd4b7660d6ff1b1027ce0c596386338e125b552e9f68d56cf423c56b4",
      s: "0x6129c47a423fd63d34f9536886a3459a51c2ce0ba4e576792ad9effa47165826",
      v: 27,
    },
  },
  {
    name: "updateIsolatedMargin",
    action: { type: "updateIsolatedMargin", asset: 0, isBuy: true, ntli: 1000000 },
    connectionId: "0xaab953f3d8c7aee3815e345292be5a968a253ba9848bf013984e97a87bdc60d4",
    mainnet: {
      r: "0x624ce6f03214235c8462dae6d0df0bee685482178022514ee5d2e9e2bd58274f",
      s: "0x50dcfcf0ddf62cadc32c717ef8fdaa909498ee7fb9d29528d9afe14fa1e25528",
      v: 28,
    },
  },
].map((vector) => ({ ...vector, privateKey: PK_PY, nonce: 1700000000000 }));

export interface UserSignedVector {
  name: string;
  privateKey: string;
  action: Record<string, unknown>;
  signature: { r: string; s: string; v: number };
}

export const USER_SIGNED_VECTORS: UserSignedVector[] = [
  {
    name: "python usdSend (testnet)",
    privateKey: PK_PY,
    action: {
      type: "usdSend",
      signatureChainId: "0x66eee",
      hyperliquidChain: "Testnet",
      destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
      amount: "1",
      time: 1687816341423,
    },
    signature: {
      r: "0x637b37dd731507cdd24f46532ca8ba6eec616952c56218baeff04144e4a77073",
      s: "0x11a6a24900e6e314136d2592e2f8d502cd89b7c15b198e1bee043c9589f9fad7",
      v: 27,
    },
  },
  {
    name: "python withdraw3 (testnet)",
    privateKey: PK_PY,
    action: {
      type: "withdraw3",
      signatureChainId: "0x66eee",
      hyperliquidChain: "Testnet",
      destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
      amount: "1",
      time: 1687816341423,
    },
    signature: {
      r: "0x8363524c799e90ce9bc41022f7c39b4e9bdba786e5f9c72b20e43e1462c37cf9",
      s: "0x58b1411a775938b83e29182e8ef74975f9054c8e97ebf5ec2dc8d51bfc893881",
      v: 28,
    },
  },
  {
    name: "rust usdSend (checksummed destination)",
    privateKey: PK_RS,
    action: {
      type: "usdSend",
      signatureChainId: "0x66eee",
      hyperliquidChain: "Testnet",
      destination: "0x0D1d9635D0640821d15e323ac8AdADfA9c111414",
      amount: "1",
      time: 1690393044548,
    },
    signature: split(
      "0x214d507bbdaebba52fa60928f904a8b2df73673e3baba6133d66fe846c7ef70451e82453a6d8db124e7ed6e60fa00d4b7c46e4d96cb2bd61fd81b6e8953cc9d21b",
    ),
  },
  {
    name: "nktkas usdSend (mainnet)",
    privateKey: PK_NKTKAS,
    action: {
      type: "usdSend",
      signatureChainId: "0x66eee",
      hyperliquidChain: "Mainnet",
      destination: "0x1234567890123456789012345678901234567890",
      amount: "1000",
      time: 1234567890,
    },
    signature: {
      r: "0xf777c38efe7c24cc71209526ae608f4e384d0586edf578f0e97b4b9f7c7adcc6",
      s: "0x104a4a97c48ae77bf5bd777bdd45fe72d8f5ff29116b5ff64fd8cfe4ea610786",
      v: 28,
    },
  },
  {
    name: "approveAgent (self-computed)",
    privateKey: PK_PY,
    action: {
      type: "approveAgent",
      signatureChainId: "0x66eee",
      hyperliquidChain: "Testnet",
      agentAddress: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
      agentName: "bot",
      nonce: 1700000000000,
    },
    signature: {
      r: "0xe2d81623c42180a48a7d684b35f65bc9139f4a80368150a4bf872e9e0005e700",
      s: "0x31142081fd1222981a77461fb2aeacb72696ff7ff1bc1f9d0ac078fcc8bbad58",
      v: 27,
    },
  },
];

/** Left-pads r or s to 32 bytes. */
export const pad32 = (hex: string): string => `0x${hex.slice(2).padStart(64, "0")}`;
