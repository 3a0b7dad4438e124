import { ValidationError } from "../core/errors.ts";
import { tradingStateRefusal } from "./account-state-overlay.ts";
import { exceeds, reaches } from "./compare.ts";
import { correlationGroupOf } from "./correlation.ts";
import type { AccountSnapshot, OrderIntent } from "./order-intent.ts";
import { sizePosition } from "./position-sizing.ts";
import { formatNumber, formatPercent, type RiskDenialCode } from "./reason-codes.ts";
import type { RiskLimits } from "./risk-limits.ts";
import { lossPercent, type RiskState } from "./trading-state.ts";

/** An approval; `size` is present when the check sized the order itself (intent without a size). */
export interface RiskApproval {
  readonly approved: true;
  /** Size in base units chosen by the check (round it down to the lot). */
  readonly size?: number;
}

/** A denial: the rule's code and a message with the numbers ("risk 3.4 % exceeds cap 3 %"). */
export interface RiskDenial {
  readonly approved: false;
  readonly code: RiskDenialCode;
  readonly message: string;
}

/** Outcome of {@link checkOrder}. */
export type RiskDecision = RiskApproval | RiskDenial;

const APPROVED: RiskApproval = Object.freeze({ approved: true });

function deny(code: RiskDenialCode, message: string): RiskDenial {
  return { approved: false, code, message };
}

function invalid(field: string, value: number, allowed: string): ValidationError {
  return new ValidationError(`order intent ${field}: got ${value}; must be ${allowed}`, { field });
}

/** Liquidation price of an isolated position at `leverage` (NaN when there is none, e.g. a 1× long). */
function estimateLiquidationPrice(intent: OrderIntent): number {
  const rate = intent.maintenanceMarginRate ?? 0;
  const price =
    intent.side === "BUY"
      ? (intent.entryPrice * (1 - 1 / intent.leverage)) / (1 - rate)
      : (intent.entryPrice * (1 + 1 / intent.leverage)) / (1 + rate);
  return price > 0 && Number.isFinite(price) ? price : Number.NaN;
}

function stateDenial(snapshot: AccountSnapshot, state: RiskState, limits: RiskLimits): RiskDenial | null {
  const refusal = tradingStateRefusal(state, limits);
  if (refusal !== null) return deny(refusal.code, refusal.message);
  const equity = snapshot.equity;
  if (!(equity > 0))
    return deny("TRADING_HALTED", `equity ${formatNumber(equity)} is not positive: entries denied`);
  const dailyLoss = lossPercent(state.dailyBaselineEquity, equity);
  if (reaches(dailyLoss, limits.dailyLossLimitPercent)) {
    return deny(
      "DAILY_LOSS_LIMIT",
      `daily loss ${formatPercent(dailyLoss)} reached the limit ${formatPercent(limits.dailyLossLimitPercent)}`,
    );
  }
  const drawdown = lossPercent(Math.max(state.highWaterMark, equity), equity);
  if (reaches(drawdown, limits.maxDrawdownPercent)) {
    return deny(
      "DRAWDOWN_LIMIT",
      `drawdown ${formatPercent(drawdown)} from the high-water mark ${formatNumber(state.highWaterMark)} reached the limit ${formatPercent(limits.maxDrawdownPercent)}`,
    );
  }
  return null;
}

/**
 * The pre-trade check: runs on every order just before it leaves. Pure; allocates nothing when it
 * approves an order that carries its size (one small object when it sizes the order, plus the message
 * when it denies).
 *
 * Exits, reduce-only orders and stop changes are always approved. An entry is denied, first rule
 * wins, when: the state is EMERGENCY (`TRADING_HALTED`); the breaker is tripped (`CIRCUIT_BREAKER`); a
 * loss-streak pause runs (`LOSS_STREAK`); the state is HALTED or equity ≤ 0 (`TRADING_HALTED`); the
 * daily loss from `state.dailyBaselineEquity` to `snapshot.equity` reaches the limit
 * (`DAILY_LOSS_LIMIT`); the drawdown reaches the max (`DRAWDOWN_LIMIT`); the order's leverage exceeds
 * the cap (`LEVERAGE_LIMIT`); it has no stop on the loss side and no `maxLoss` (`MISSING_STOP`); it opens
 * a new instrument while `maxConcurrentPositions` are open (`MAX_POSITIONS`); size × stop distance (or
 * `maxLoss`) exceeds `maxRiskPerTradePercent` of equity, × `reducedRiskMultiplier` when REDUCED or the
 * daily loss reached the REDUCED level (`RISK_PER_TRADE`); the resulting position notional exceeds
 * `maxPositionNotionalPercent` % of equity × `maxLeverage` (`NOTIONAL_LIMIT`); gross notional / equity
 * exceeds `maxLeverage` (`LEVERAGE_LIMIT`); the correlation group's gross notional (longs
 * and shorts alike) exceeds `maxCorrelatedNotionalPercent` % of equity (`CORRELATED_EXPOSURE`); the liquidation price is nearer
 * than `liquidationDistanceMultiple` × the stop distance (`LIQUIDATION_DISTANCE`). Limits are inclusive:
 * a value at the cap passes, a drawdown or daily loss at the limit denies. An entry opposite to the existing
 * position and no larger than it only reduces it, and is approved after the state checks; a larger
 * one (a flip) is checked in full, its whole size counting as risk.
 *
 * Without `intent.size` the order is sized by {@link sizePosition} and the size returned.
 *
 * @throws ValidationError when an entry's prices, size or leverage are not finite and positive (an
 *   engine bug, not a risk decision).
 */
export function checkOrder(
  intent: OrderIntent,
  snapshot: AccountSnapshot,
  state: RiskState,
  limits: RiskLimits,
): RiskDecision {
  if (intent.kind !== "entry" || intent.reduceOnly) return APPROVED;
  const gate = stateDenial(snapshot, state, limits);
  if (gate !== null) return gate;

  const { entryPrice, leverage, side } = intent;
  const equity = snapshot.equity;
  if (!(entryPrice > 0) || !Number.isFinite(entryPrice))
    throw invalid("entryPrice", entryPrice, "a finite number > 0");
  if (!(leverage >= 1) || !Number.isFinite(leverage))
    throw invalid("leverage", leverage, "a finite number ≥ 1");
  if (exceeds(leverage, limits.maxLeverage)) {
    return deny(
      "LEVERAGE_LIMIT",
      `leverage ${formatNumber(leverage)} exceeds the cap ${formatNumber(limits.maxLeverage)}`,
    );
  }

  const stopPrice = intent.stopPrice ?? Number.NaN;
  const hasStop = Number.isFinite(stopPrice);
  const stopDistance = hasStop
    ? side === "BUY"
      ? entryPrice - stopPrice
      : stopPrice - entryPrice
    : Number.NaN;
  const maxLoss = intent.maxLoss ?? Number.NaN;
  if (hasStop && !(stopDistance > 0)) {
    const where = side === "BUY" ? "below" : "above";
    return deny(
      "MISSING_STOP",
      `stop ${formatNumber(stopPrice)} is not ${where} the entry ${formatNumber(entryPrice)} of a ${side === "BUY" ? "buy" : "sell"}`,
    );
  }
  if (!hasStop && !(maxLoss > 0 && Number.isFinite(maxLoss))) {
    return deny("MISSING_STOP", "entry without a stop and without a declared max loss");
  }

  const group = correlationGroupOf(intent.instrument, limits);
  let existingSigned = 0;
  let openCount = 0;
  let grossNotional = 0;
  let groupNotional = 0;
  const positions = snapshot.positions;
  for (let index = 0; index < positions.length; index++) {
    const position = positions[index] as (typeof positions)[number];
    const notional = position.notional;
    if (!(notional > 0)) continue;
    openCount++;
    grossNotional += notional;
    if (position.instrument === intent.instrument) {
      existingSigned += position.side === "LONG" ? notional : -notional;
    }
    if (group >= 0 && correlationGroupOf(position.instrument, limits) === group) groupNotional += notional;
  }
  const existingNotional = Math.abs(existingSigned);
  const reduced =
    state.tradingState === "REDUCED" ||
    reaches(
      lossPercent(state.dailyBaselineEquity, equity),
      limits.dailyLossLimitPercent * limits.reducedAtDailyLossFraction,
    );

  let size = intent.size ?? Number.NaN;
  const sizedHere = Number.isNaN(size);
  if (sizedHere) {
    if (!hasStop) return deny("MISSING_STOP", "cannot size an entry without a stop; give a size");
    const sameDirection = (side === "BUY") === existingSigned > 0 ? existingNotional : 0;
    const sized = sizePosition(
      {
        equity,
        entryPrice,
        stopPrice,
        tradingState: reduced ? "REDUCED" : "ACTIVE",
        existingNotional: sameDirection,
        grossNotional,
        ...(group >= 0 ? { correlatedNotional: groupNotional } : {}),
      },
      limits,
    );
    size = sized.size;
    if (!(size > 0)) {
      const code =
        sized.bound === "correlation"
          ? "CORRELATED_EXPOSURE"
          : sized.bound === "leverage"
            ? "LEVERAGE_LIMIT"
            : "NOTIONAL_LIMIT";
      return deny(code, `no room for a new ${intent.instrument} entry: the ${sized.bound} cap is used up`);
    }
  } else if (!(size > 0) || !Number.isFinite(size)) {
    throw invalid("size", size, "a finite number > 0 (or omitted)");
  }

  const orderNotional = size * entryPrice;
  const opposite = side === "BUY" ? existingSigned < 0 : existingSigned > 0;
  if (opposite && orderNotional <= existingNotional) return sizedHere ? { approved: true, size } : APPROVED;
  const resultingNotional = Math.abs(existingSigned + (side === "BUY" ? orderNotional : -orderNotional));

  if (existingNotional === 0 && openCount >= limits.maxConcurrentPositions) {
    return deny(
      "MAX_POSITIONS",
      `${openCount} positions open, the limit is ${limits.maxConcurrentPositions}: no new ${intent.instrument} position`,
    );
  }

  const riskAmount = hasStop ? size * stopDistance : maxLoss;
  const riskPercent = (riskAmount / equity) * 100;
  const riskCap = limits.maxRiskPerTradePercent * (reduced ? limits.reducedRiskMultiplier : 1);
  if (exceeds(riskPercent, riskCap)) {
    const detail = reduced
      ? ` (REDUCED: ${formatPercent(limits.maxRiskPerTradePercent)} × ${formatNumber(limits.reducedRiskMultiplier)})`
      : "";
    return deny(
      "RISK_PER_TRADE",
      `risk ${formatPercent(riskPercent)} exceeds cap ${formatPercent(riskCap)}${detail}`,
    );
  }

  const positionCap = ((equity * limits.maxPositionNotionalPercent) / 100) * limits.maxLeverage;
  if (exceeds(resultingNotional, positionCap)) {
    return deny(
      "NOTIONAL_LIMIT",
      `position notional ${formatNumber(resultingNotional)} exceeds the cap ${formatNumber(positionCap)} (${formatPercent(limits.maxPositionNotionalPercent)} of equity ${formatNumber(equity)} × leverage cap ${formatNumber(limits.maxLeverage)})`,
    );
  }

  const grossLeverage = (grossNotional - existingNotional + resultingNotional) / equity;
  if (exceeds(grossLeverage, limits.maxLeverage)) {
    return deny(
      "LEVERAGE_LIMIT",
      `gross leverage ${formatNumber(grossLeverage)} would exceed the cap ${formatNumber(limits.maxLeverage)}`,
    );
  }

  if (group >= 0) {
    const groupAfter = groupNotional - existingNotional + resultingNotional;
    const groupPercent = (groupAfter / equity) * 100;
    if (exceeds(groupPercent, limits.maxCorrelatedNotionalPercent)) {
      return deny(
        "CORRELATED_EXPOSURE",
        `correlated notional of ${limits.correlationGroups[group]?.join("/")} ${formatNumber(groupAfter)} (${formatPercent(groupPercent)} of equity) exceeds ${formatPercent(limits.maxCorrelatedNotionalPercent)}`,
      );
    }
  }

  if (hasStop && limits.liquidationDistanceMultiple > 0) {
    const liquidation = intent.liquidationPrice ?? estimateLiquidationPrice(intent);
    if (Number.isFinite(liquidation) && liquidation > 0) {
      const liquidationDistance = side === "BUY" ? entryPrice - liquidation : liquidation - entryPrice;
      const required = limits.liquidationDistanceMultiple * stopDistance;
      if (liquidationDistance < required - required * 1e-9) {
        return deny(
          "LIQUIDATION_DISTANCE",
          `liquidation ${formatNumber(liquidation)} is ${formatNumber(liquidationDistance)} from the entry ${formatNumber(entryPrice)}, nearer than ${formatNumber(limits.liquidationDistanceMultiple)} × the stop distance ${formatNumber(stopDistance)} = ${formatNumber(required)}`,
        );
      }
    }
  }

  return sizedHere ? { approved: true, size } : APPROVED;
}
