import {
  type AccountSnapshot,
  createRiskState,
  DEFAULT_RISK_LIMITS,
  type OrderIntent,
  type PositionExposure,
  type RiskState,
} from "../../src/risk/index.ts";

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
export const HOUR = 3_600_000;
export const EQUITY = 10_000;
export const limits = DEFAULT_RISK_LIMITS;

export function entry(overrides: Partial<OrderIntent> = {}): OrderIntent {
  return {
    instrument: "SOL",
    side: "BUY",
    kind: "entry",
    reduceOnly: false,
    entryPrice: 100,
    stopPrice: 99,
    size: 10,
    leverage: 3,
    ...overrides,
  };
}

export function account(equity = EQUITY, positions: PositionExposure[] = []): AccountSnapshot {
  return { equity, positions };
}

export function riskState(overrides: Partial<RiskState> = {}): RiskState {
  return { ...createRiskState(EQUITY, T0), ...overrides };
}

export function long(instrument: string, notional: number): PositionExposure {
  return { instrument, side: "LONG", notional };
}
