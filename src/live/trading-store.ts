/**
 * The trading node's persistence port: every order, fill, position and closed trade is written as it
 * happens. The types live next to their PostgreSQL implementation (`src/storage/trading-repository.ts`)
 * because storage may not import live; the node depends only on these types.
 */
export type {
  FillChange,
  StoredOrder,
  StoredPosition,
  StoredTrade,
  TradingStore,
} from "../storage/trading-repository.ts";
