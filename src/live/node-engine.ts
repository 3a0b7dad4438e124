import type { Clock } from "../core/index.ts";
import { type PreTradeCheck, RiskGate, type Sizing, type Strategy, TradingEngine } from "../engine/index.ts";
import type { RiskLimits } from "../risk/index.ts";
import type { HyperliquidExecutionClient } from "./hyperliquid-execution-client.ts";
import type { LiveSeries } from "./live-series.ts";
import type { VenueMarket } from "./venue-market.ts";

/** What a node's engine is built from. */
export interface NodeEngineParts {
  readonly market: VenueMarket;
  readonly series: LiveSeries;
  readonly intervalMs: number;
  readonly strategy: Strategy;
  readonly sizing: Sizing;
  readonly client: HyperliquidExecutionClient;
  readonly clock: Clock;
  readonly preTradeCheck: PreTradeCheck;
  /** Account leverage, ≥ 1. */
  readonly leverage: number;
  /** The venue's account value (quote currency); ≤ 0 starts the engine at 1. */
  readonly accountValue: number;
  /** The venue's position (signed size) to start from. */
  readonly venuePosition: { size: number; entryPrice: number };
  /** A {@link RiskGate} is created when given. */
  readonly riskLimits?: RiskLimits;
}

/**
 * The live-mode engine of one node, started from the venue's account value and position (the execution
 * client is told the position too), and its risk gate when limits are given. The engine is not started.
 */
export function createNodeEngine(parts: NodeEngineParts): {
  engine: TradingEngine;
  gate: RiskGate | undefined;
} {
  const equity = parts.accountValue > 0 ? parts.accountValue : 1;
  const engine = new TradingEngine({
    instruments: [parts.market.instrument],
    series: [parts.series],
    intervalsMs: [parts.intervalMs],
    account: { mode: "perpetual", initialBalance: equity, leverage: parts.leverage },
    strategy: parts.strategy,
    execution: parts.client,
    clock: parts.clock,
    sizing: parts.sizing,
    preTradeCheck: parts.preTradeCheck,
    deliverImmediately: true,
  });
  const position = engine.ledger.positions[0];
  if (position !== undefined && parts.venuePosition.size !== 0) {
    position.quantity = parts.venuePosition.size;
    position.averageEntryPrice = parts.venuePosition.entryPrice;
  }
  parts.client.setPositionSize(0, parts.venuePosition.size);
  const gate =
    parts.riskLimits === undefined
      ? undefined
      : new RiskGate([parts.market.instrument], parts.riskLimits, parts.leverage, equity, parts.clock.now());
  return { engine, gate };
}
