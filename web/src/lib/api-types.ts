/**
 * Request and response shapes of the hlbot API, written by hand from the server's route files and checked
 * against the live server (paths, query parameters and body fields against its OpenAPI document; response
 * keys against real responses) by test/web/api-contract.test.ts. Pure types: no DOM, no runtime code.
 */

export type Role = "viewer" | "trader" | "strategist" | "admin";
export type TradingState = "ACTIVE" | "REDUCED" | "HALTED" | "EMERGENCY";
export type PositionSide = "long" | "short";
export type TradingMode = "paper" | "live";

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  expires_in: number;
}

export interface UserView {
  id: string;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface RiskLimits {
  riskPerTradePercent: number;
  maxRiskPerTradePercent: number;
  reducedRiskMultiplier: number;
  maxConcurrentPositions: number;
  maxPositionNotionalPercent: number;
  maxLeverage: number;
  correlationGroups: string[][];
  maxCorrelatedNotionalPercent: number;
  dailyLossLimitPercent: number;
  reducedAtDailyLossFraction: number;
  emergencyDailyLossPercent: number;
  maxDrawdownPercent: number;
  lossStreakLimit: number;
  lossStreakCooldownHours: number;
  liquidationDistanceMultiple: number;
  breakerCooldownHours: number;
}

export interface CircuitBreakerView {
  code: string;
  reason: string;
  trippedAt: string;
  until: string;
  emergency: boolean;
}

/** `GET /api/risk/status`. Percentages are in percent units (3 = 3 %). */
export interface RiskStatusResponse {
  scope: string;
  tradingState: TradingState;
  equity: number;
  dailyBaselineEquity: number;
  dailyLossPercent: number;
  reducedAtDailyLossPercent: number;
  dailyLossLimitPercent: number;
  emergencyDailyLossPercent: number;
  highWaterMark: number;
  drawdownPercent: number;
  maxDrawdownPercent: number;
  consecutiveLosses: number;
  lossStreakLimit: number;
  lossStreakUntil: string | null;
  circuitBreaker: CircuitBreakerView | null;
  updatedAt: string;
  limits: RiskLimits;
}

export interface RiskStateChange {
  atMs: number;
  from: TradingState;
  to: TradingState;
  reason: string;
  code: string;
}

/** Answer of the circuit-breaker trip and reset. */
export interface BreakerActionResponse {
  changes: RiskStateChange[];
  status: Omit<RiskStatusResponse, "scope" | "limits">;
}

/** `GET /api/risk/daily-report`. */
export interface DailyReport {
  date: string;
  balance: { starting: number; ending: number; peak: number };
  pnl: { realized: number; unrealized: number; total: number; percent: number };
  trades: { total: number; won: number; lost: number; win_rate: number };
  risk_metrics: { max_drawdown: number; max_concurrent_positions: number; total_fees: number };
  timestamps: { first_trade: string | null; last_updated: string };
}

export interface TradeView {
  id: string;
  symbol: string;
  side: PositionSide;
  size: number;
  entryPrice: number;
  exitPrice: number;
  entryTime: string;
  exitTime: string;
  pnl: number;
  pnlR: number | null;
  returnPct: number | null;
  fees: number;
  funding: number;
  exitReason: string;
  strategy: string | null;
  botId: string | null;
  positionId: string | null;
  mode: TradingMode;
  /** The entry signal as the strategy recorded it (free-form JSON; often has `reasoning`). */
  signal: unknown;
  createdAt: string;
}

export interface TradeListResponse {
  trades: TradeView[];
  total: number;
  /** The server stops counting at a cap; `total` is then a lower bound. */
  totalCapped: boolean;
  limit: number;
  offset: number;
}

export interface TradeQuery {
  limit?: number;
  offset?: number;
  symbol?: string;
  strategy?: string;
  from?: string;
  to?: string;
}

export interface DailyTradeStats {
  date: string;
  trades: number;
  won: number;
  lost: number;
  winRate: number;
  pnl: number;
}

export interface DailyStatsResponse {
  today: DailyTradeStats;
  days: DailyTradeStats[];
}

export type ReportPeriod = "day" | "week" | "month" | "all";

export interface EquityPoint {
  time: string;
  cumulativePnl: number;
}

export interface PerformanceReport {
  period: ReportPeriod;
  from: string | null;
  to: string;
  totalTrades: number;
  won: number;
  lost: number;
  winRate: number;
  profitFactor: number | null;
  totalPnl: number;
  averageTrade: number | null;
  bestTrade: number | null;
  worstTrade: number | null;
  maxDrawdown: number;
  equity: EquityPoint[];
}

/** `GET /api/trades/stats/overall`: the all-time report without its equity series. */
export type OverallStats = Omit<PerformanceReport, "equity">;

export interface PositionView {
  id: string;
  symbol: string;
  side: PositionSide;
  size: number;
  entryPrice: number;
  stopLoss: number | null;
  takeProfits: unknown;
  leverage: number | null;
  mode: TradingMode;
  botId: string | null;
  strategy: string | null;
  realizedPnl: number;
  fees: number;
  funding: number;
  openedAt: string;
  minutesOpen: number;
  /** Live fields the trading node adds when it runs (issue 8); absent from the stored view. */
  markPrice?: number;
  unrealizedPnl?: number;
  unrealizedR?: number;
}

export interface PositionListResponse {
  positions: PositionView[];
}

/* ---- Endpoints of issue 8 that the server may not have yet; shapes follow the issue and the schema. ---- */

export interface StrategyView {
  id?: string;
  name: string;
  strategyType?: string;
  description?: string | null;
  /** "bundled" ships with hlbot; "stored" is a saved configuration. */
  source?: "bundled" | "stored";
  enabled?: boolean;
  params?: Record<string, unknown>;
  /** JSON Schema of the parameters. */
  paramSchema?: JsonSchema;
  performance?: { totalTrades?: number; winRate?: number; totalPnl?: number } | null;
}

export interface StrategyListResponse {
  strategies: StrategyView[];
}

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  items?: JsonSchema;
}

export type BotStatus = "created" | "running" | "paused" | "stopped" | "error";

export interface BotView {
  id: string;
  name: string;
  strategyType: string;
  symbol: string;
  interval?: string;
  mode: TradingMode;
  status: BotStatus;
  error?: string | null;
  startedAt?: string | null;
  updatedAt?: string;
}

export interface BotListResponse {
  bots: BotView[];
}

export interface CreateBotRequest {
  name: string;
  /** A bundled strategy's name. */
  strategyType: string;
  symbol: string;
  interval: string;
  mode: TradingMode;
  /** The strategy's parameters (its schema's defaults for those left out). */
  params?: Record<string, string | number | boolean>;
}

export type BacktestStatus = "pending" | "running" | "completed" | "failed" | "cancelled";

export interface BacktestView {
  id: string;
  name?: string | null;
  status: BacktestStatus;
  progress: number;
  error?: string | null;
  config?: Record<string, unknown>;
  /** The run's statistics once completed (returnPct, sharpe, maxDrawdownPct, trades, winRatePct …). */
  stats?: Record<string, unknown> | null;
  /** Not errors, but they change what the run means (orders never sent, orders rejected, funding charged nothing). */
  warnings?: string[];
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  etaSeconds?: number | null;
}

/** One closed trade of a backtest (`GET /api/backtesting/{id}/trades`). */
export interface BacktestTrade {
  instrument: string;
  side: "LONG" | "SHORT";
  size: number;
  entryTime: string;
  exitTime: string;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  returnPct: number | null;
  fees: number;
  exitReason: string;
  rMultiple: number | null;
}

/** The candles a backtest runs on, column by column (`GET /api/backtesting/{id}/candles`). */
export interface BacktestCandlesResponse {
  dataset: string;
  /** Interval of the bars returned, e.g. "4h" when a large data set was resampled. */
  interval: string;
  intervalMs: number | null;
  sourceInterval: string | null;
  sourceBars: number;
  downsampled: boolean;
  /** Bar open times in ms UTC; the price columns are aligned with it. */
  timestamps: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** A candle file backtests can run on. */
export interface DatasetView {
  /** `shared:FILE.csv` (bundled) or `upload:UUID.csv` (uploaded). */
  id: string;
  name: string;
  bytes: number;
}

export interface DatasetListResponse {
  datasets: DatasetView[];
}

/** The answer to a CSV upload: the new data set's id and what it holds. */
export interface UploadResult {
  id: string;
  rows: number;
  first: string | null;
  last: string | null;
}

export interface BacktestListResponse {
  backtests: BacktestView[];
}

export interface BacktestStatusResponse {
  id?: string;
  status: BacktestStatus;
  progress: number;
  etaSeconds?: number | null;
  error?: string | null;
}

export interface BacktestRequest {
  name?: string;
  strategy: string;
  params?: Record<string, string | number | boolean>;
  /** A data set id from `GET /api/backtesting/datasets`. */
  dataset: string;
  cash?: number;
  leverage?: number;
  taker?: number;
  slippageBps?: number;
  /** all-in, fraction:F, units:N or risk:F */
  sizing?: string;
}

/** The error envelope every route answers with. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}
