/**
 * Accounts of the reference exchange: USDC balance, one-way positions (entry = size-weighted average
 * of opening trades), leverage settings, fills, funding payments and cross-margin arithmetic
 * (initial margin = |size| × mark / leverage; maintenance = half the initial margin at max leverage).
 */
import type {
  AccountState,
  ExchangeFill,
  FundingPayment,
  OrderSide,
  PositionState,
  SimulatedMarket,
} from "./simulated-exchange.ts";

interface Position {
  size: number;
  entryPrice: number;
  fundingAllTime: number;
  fundingSinceOpen: number;
}

interface LeverageSetting {
  leverage: number;
  isCross: boolean;
}

/** One account's books. */
export interface LedgerAccount {
  balance: number;
  positions: Map<number, Position>;
  leverage: Map<number, LeverageSetting>;
  fills: ExchangeFill[];
  funding: FundingPayment[];
}

/** Default leverage: 20× cross, or the market maximum when lower (Hyperliquid's default). */
const DEFAULT_LEVERAGE = 20;
const EPSILON = 1e-12;

function directionOf(startPosition: number, side: OrderSide, size: number): string {
  const signed = side === "buy" ? size : -size;
  const end = startPosition + signed;
  if (startPosition === 0 || Math.abs(startPosition) < EPSILON)
    return side === "buy" ? "Open Long" : "Open Short";
  if (startPosition > 0) {
    if (signed > 0) return "Open Long";
    return end < -EPSILON ? "Long > Short" : "Close Long";
  }
  if (signed < 0) return "Open Short";
  return end > EPSILON ? "Short > Long" : "Close Short";
}

/** Accounts, positions and margin of the reference exchange. */
export class ReferenceLedger {
  private readonly accounts = new Map<string, LedgerAccount>();

  constructor(
    private readonly markets: readonly SimulatedMarket[],
    private readonly markPrice: (assetId: number) => number,
  ) {}

  /** Credits USDC, creating the account. */
  deposit(account: string, amount: number): void {
    this.account(account).balance += amount;
  }

  has(account: string): boolean {
    return this.accounts.has(account);
  }

  /** The account's books (created empty when unknown). */
  account(account: string): LedgerAccount {
    let books = this.accounts.get(account);
    if (!books) {
      books = { balance: 0, positions: new Map(), leverage: new Map(), fills: [], funding: [] };
      this.accounts.set(account, books);
    }
    return books;
  }

  /** Accounts holding a position in the asset. */
  holders(assetId: number): string[] {
    const result: string[] = [];
    for (const [address, books] of this.accounts) {
      if ((books.positions.get(assetId)?.size ?? 0) !== 0) result.push(address);
    }
    return result;
  }

  /** Signed position size (0 when flat). */
  positionSize(account: string, assetId: number): number {
    return this.accounts.get(account)?.positions.get(assetId)?.size ?? 0;
  }

  /** Leverage setting of a market for the account. */
  leverageOf(account: string, assetId: number): LeverageSetting {
    const setting = this.accounts.get(account)?.leverage.get(assetId);
    if (setting) return setting;
    const market = this.markets[assetId];
    return { leverage: Math.min(DEFAULT_LEVERAGE, market?.maxLeverage ?? DEFAULT_LEVERAGE), isCross: true };
  }

  setLeverage(account: string, assetId: number, setting: LeverageSetting): void {
    this.account(account).leverage.set(assetId, setting);
  }

  /**
   * Books a fill: fee, realized PnL on the closing part, new size and entry price.
   * Returns the start position, the closed PnL and the direction label.
   */
  applyFill(
    account: string,
    assetId: number,
    side: OrderSide,
    price: number,
    size: number,
    fee: number,
  ): { startPosition: number; closedPnl: number; direction: string } {
    const books = this.account(account);
    const position = books.positions.get(assetId) ?? {
      size: 0,
      entryPrice: 0,
      fundingAllTime: 0,
      fundingSinceOpen: 0,
    };
    const startPosition = position.size;
    const signed = side === "buy" ? size : -size;
    let closedPnl = 0;
    const direction = directionOf(startPosition, side, size);
    if (startPosition === 0 || Math.sign(startPosition) === Math.sign(signed)) {
      const total = Math.abs(startPosition) + size;
      position.entryPrice = (position.entryPrice * Math.abs(startPosition) + price * size) / total;
      position.size = startPosition + signed;
    } else {
      const closing = Math.min(Math.abs(startPosition), size);
      closedPnl = Math.sign(startPosition) * (price - position.entryPrice) * closing;
      position.size = startPosition + signed;
      if (Math.abs(position.size) < EPSILON) {
        position.size = 0;
        position.entryPrice = 0;
        position.fundingSinceOpen = 0;
      } else if (Math.sign(position.size) !== Math.sign(startPosition)) {
        position.entryPrice = price;
        position.fundingSinceOpen = 0;
      }
    }
    books.balance += closedPnl - fee;
    if (position.size === 0 && position.fundingAllTime === 0) books.positions.delete(assetId);
    else books.positions.set(assetId, position);
    return { startPosition, closedPnl, direction };
  }

  /** Books a funding payment (negative = paid) on the position. */
  applyFunding(account: string, assetId: number, amount: number): void {
    const books = this.account(account);
    books.balance += amount;
    const position = books.positions.get(assetId);
    if (position) {
      position.fundingAllTime -= amount;
      position.fundingSinceOpen -= amount;
    }
  }

  /**
   * Margin free for new orders: account value − margin of positions − margin reserved by resting
   * orders (`reservedNotional` per asset id, divided by that market's leverage).
   */
  availableMargin(account: string, reservedNotional: Iterable<[number, number]>): number {
    const state = this.state(account);
    let reserved = 0;
    for (const [assetId, notional] of reservedNotional)
      reserved += notional / this.leverageOf(account, assetId).leverage;
    return state.accountValue - state.marginUsed - reserved;
  }

  /** Margin state at current marks. */
  state(account: string): AccountState {
    const books = this.accounts.get(account);
    if (!books) {
      return {
        account,
        balance: 0,
        accountValue: 0,
        totalNotional: 0,
        marginUsed: 0,
        maintenanceMargin: 0,
        withdrawable: 0,
        positions: [],
      };
    }
    let unrealized = 0;
    let notional = 0;
    let marginUsed = 0;
    let maintenance = 0;
    const positions: PositionState[] = [];
    for (const [assetId, position] of books.positions) {
      if (position.size === 0) continue;
      const market = this.markets[assetId];
      if (!market) continue;
      const mark = this.markPrice(assetId);
      const setting = this.leverageOf(account, assetId);
      const value = Math.abs(position.size) * mark;
      const pnl = position.size * (mark - position.entryPrice);
      const margin = value / setting.leverage;
      unrealized += pnl;
      notional += value;
      marginUsed += margin;
      maintenance += value / (2 * market.maxLeverage);
      positions.push({
        coin: market.coin,
        assetId,
        size: position.size,
        entryPrice: position.entryPrice,
        leverage: setting.leverage,
        isCross: setting.isCross,
        markPrice: mark,
        unrealizedPnl: pnl,
        marginUsed: margin,
        cumulativeFunding: { allTime: position.fundingAllTime, sinceOpen: position.fundingSinceOpen },
      });
    }
    const accountValue = books.balance + unrealized;
    return {
      account,
      balance: books.balance,
      accountValue,
      totalNotional: notional,
      marginUsed,
      maintenanceMargin: maintenance,
      withdrawable: Math.max(0, accountValue - marginUsed),
      positions,
    };
  }
}
