import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import {
  AllMidsResponse,
  CandleSnapshotResponse,
  ClearinghouseStateResponse,
  ExchangeResponse,
  FrontendOpenOrdersResponse,
  FundingHistoryResponse,
  L2BookResponse,
  MetaAndAssetCtxsResponse,
  MetaResponse,
  OpenOrdersResponse,
  OrderStatusResponse,
  UserFillsResponse,
  UserFundingResponse,
  WsServerMessage,
} from "../../../src/venues/hyperliquid/index.ts";

const FOLDER = fileURLToPath(new URL("../../fixtures/hyperliquid/", import.meta.url));

/** The wire schema each recorded `/info` endpoint's response is parsed with. */
export const INFO_RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  meta: MetaResponse,
  metaAndAssetCtxs: MetaAndAssetCtxsResponse,
  allMids: AllMidsResponse,
  l2Book: L2BookResponse,
  candleSnapshot: CandleSnapshotResponse,
  fundingHistory: FundingHistoryResponse,
  clearinghouseState: ClearinghouseStateResponse,
  openOrders: OpenOrdersResponse,
  frontendOpenOrders: FrontendOpenOrdersResponse,
  orderStatus: OrderStatusResponse,
  userFills: UserFillsResponse,
  userFillsByTime: UserFillsResponse,
  userFunding: UserFundingResponse,
};

/** One recorded payload: `{http,ws}_<endpoint>_<case>.json`. */
export interface Fixture {
  file: string;
  kind: "http" | "ws";
  endpoint: string;
  payload: unknown;
}

/** Every fixture file in test/fixtures/hyperliquid. */
export function loadFixtures(): Fixture[] {
  return readdirSync(FOLDER)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const [kind, endpoint] = file.split("_") as ["http" | "ws", string];
      return { file, kind, endpoint, payload: JSON.parse(readFileSync(`${FOLDER}${file}`, "utf8")) };
    });
}

/** The schema a fixture parses with. */
export function schemaFor(fixture: Fixture): z.ZodType {
  if (fixture.kind === "ws") return WsServerMessage;
  if (fixture.endpoint === "exchange") return ExchangeResponse;
  const schema = INFO_RESPONSE_SCHEMAS[fixture.endpoint];
  if (!schema) throw new Error(`no schema for fixture ${fixture.file}`);
  return schema;
}
