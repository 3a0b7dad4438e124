/**
 * What a trading node tells the account-wide risk manager (the port; the app layer implements it and
 * sums every running node of the account). Money in quote currency, times in ms UTC. Calls are
 * synchronous and cheap: the node makes them from its fill and price handlers.
 */
export interface NodeAccountSnapshot {
  /** The node's equity: the venue account value when it started + its own PnL since (fees, funding). */
  readonly equity: number;
  /** Unrealized PnL of the node's position at the latest price. */
  readonly unrealizedPnl: number;
  /** Positions the node holds (0 or 1: a node trades one coin). */
  readonly openPositions: number;
}

/** A closed round trip as the node stored it: net `pnl` after `fees` (≥ 0 cost) and `funding` (> 0 received). */
export interface ClosedTradeFigures {
  readonly pnl: number;
  readonly fees: number;
  readonly funding: number;
}

/** One node's reporting channel to the account risk manager. */
export interface AccountRiskReporter {
  /** The node went live; its equity is the venue's account value (a baseline, not a PnL). */
  started(snapshot: NodeAccountSnapshot, atMs: number): void;
  /** A fill paid `fee`. */
  filled(snapshot: NodeAccountSnapshot, fee: number, atMs: number): void;
  /** A round trip closed. */
  tradeClosed(snapshot: NodeAccountSnapshot, trade: ClosedTradeFigures, atMs: number): void;
  /** A funding payment (> 0 received, < 0 paid). */
  funded(snapshot: NodeAccountSnapshot, amount: number, atMs: number): void;
  /** The price moved. */
  marked(snapshot: NodeAccountSnapshot, atMs: number): void;
  /** The node stopped; its contribution is kept as it was. */
  stopped(snapshot: NodeAccountSnapshot, atMs: number): void;
}
