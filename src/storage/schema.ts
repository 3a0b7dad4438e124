import type { ColumnType, Generated } from "kysely";

/** A `numeric` column: read as a decimal string (exact), written as a string or number. */
export type Numeric = ColumnType<string, string | number, string | number>;
/** A `numeric` column with a database default: optional on insert. */
export type DefaultedNumeric = ColumnType<string, string | number | undefined, string | number>;
type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export interface UsersTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  role: ColumnType<"viewer" | "trader" | "strategist" | "admin", string | undefined, string>;
  failed_login_count: Generated<number>;
  locked_until: NullableTimestamp;
  disabled: Generated<boolean>;
  must_change_password: Generated<boolean>;
  last_login_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  replaced_by: string | null;
  created_at: Timestamp;
}

export interface StrategiesTable {
  id: Generated<string>;
  name: string;
  strategy_type: string;
  description: string | null;
  params: Json;
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BotsTable {
  id: Generated<string>;
  name: string;
  strategy_id: string | null;
  strategy_type: string;
  symbol: string;
  interval: Generated<string>;
  mode: Generated<"paper" | "live">;
  status: Generated<"created" | "running" | "paused" | "stopped" | "error">;
  params: Json;
  risk_overrides: Json;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: NullableTimestamp;
  stopped_at: NullableTimestamp;
}

export interface PositionsTable {
  id: Generated<string>;
  symbol: string;
  side: "long" | "short";
  size: Numeric;
  entry_price: Numeric;
  exit_price: NullableNumeric;
  stop_loss: NullableNumeric;
  take_profits: Json;
  initial_size: NullableNumeric;
  initial_stop_loss: NullableNumeric;
  leverage: NullableNumeric;
  status: Generated<"open" | "closed">;
  exit_reason: string | null;
  mode: Generated<"paper" | "live">;
  bot_id: string | null;
  strategy: string | null;
  realized_pnl: DefaultedNumeric;
  fees: DefaultedNumeric;
  funding: DefaultedNumeric;
  signal: NullableJson;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface OrdersTable {
  id: Generated<string>;
  client_order_id: string;
  venue_order_id: string | null;
  bot_id: string | null;
  position_id: string | null;
  symbol: string;
  side: "buy" | "sell";
  type: "market" | "limit" | "stop_market" | "stop_limit" | "take_profit" | "stop_loss";
  status: string;
  price: NullableNumeric;
  trigger_price: NullableNumeric;
  size: Numeric;
  filled_size: DefaultedNumeric;
  average_fill_price: NullableNumeric;
  reduce_only: Generated<boolean>;
  time_in_force: Generated<"GTC" | "IOC" | "ALO">;
  mode: Generated<"paper" | "live">;
  reject_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FillsTable {
  id: Generated<string>;
  venue_trade_id: string;
  order_id: string | null;
  client_order_id: string | null;
  position_id: string | null;
  symbol: string;
  side: "buy" | "sell";
  price: Numeric;
  size: Numeric;
  fee: DefaultedNumeric;
  liquidity: "maker" | "taker";
  closed_pnl: NullableNumeric;
  mode: Generated<"paper" | "live">;
  filled_at: Timestamp;
  created_at: Timestamp;
}

export interface TradesTable {
  id: Generated<string>;
  position_id: string | null;
  bot_id: string | null;
  strategy_id: string | null;
  strategy: string | null;
  symbol: string;
  side: "long" | "short";
  size: Numeric;
  entry_price: Numeric;
  exit_price: Numeric;
  entry_time: Timestamp;
  exit_time: Timestamp;
  pnl: Numeric;
  pnl_r: NullableNumeric;
  return_pct: NullableNumeric;
  fees: DefaultedNumeric;
  funding: DefaultedNumeric;
  exit_reason: string;
  mode: Generated<"paper" | "live">;
  signal: NullableJson;
  created_at: Timestamp;
}

export interface CandlesTable {
  venue: string;
  symbol: string;
  interval: string;
  time: Timestamp;
  open: Numeric;
  high: Numeric;
  low: Numeric;
  close: Numeric;
  volume: Numeric;
}

export interface FundingRatesTable {
  venue: string;
  symbol: string;
  time: Timestamp;
  rate: Numeric;
}

export interface BacktestsTable {
  id: Generated<string>;
  name: string | null;
  config: Json;
  status: Generated<"pending" | "running" | "completed" | "failed" | "cancelled">;
  progress: Generated<number>;
  error: string | null;
  results: NullableJson;
  job_id: string | null;
  attempts: Generated<number>;
  worker: string | null;
  /** The sweep this run belongs to, if any. */
  sweep_id: string | null;
  requested_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface BacktestSweepsTable {
  id: Generated<string>;
  name: string | null;
  config: Json;
  rank_by: string;
  combinations: number;
  /** Combinations left out, with the reason: `[{params, reason}]`. */
  skipped: Json;
  requested_by: string | null;
  created_at: Generated<Date>;
}

export interface ReportsTable {
  id: Generated<string>;
  kind: Generated<"performance">;
  period: "day" | "week" | "month" | "all";
  status: Generated<"pending" | "running" | "completed" | "failed">;
  result: NullableJson;
  html: string | null;
  error: string | null;
  job_id: string | null;
  requested_by: string | null;
  created_at: Generated<Date>;
  finished_at: NullableTimestamp;
}

export interface RiskStateTable {
  scope: string;
  trading_state: Generated<"ACTIVE" | "REDUCED" | "HALTED" | "EMERGENCY">;
  circuit_breaker_tripped: Generated<boolean>;
  circuit_breaker_reason: string | null;
  circuit_breaker_tripped_at: NullableTimestamp;
  circuit_breaker_until: NullableTimestamp;
  circuit_breaker_tripped_by: string | null;
  loss_streak: Generated<number>;
  loss_streak_until: NullableTimestamp;
  equity_high_water: NullableNumeric;
  day: ColumnType<string | null, string | null | undefined, string | null>;
  day_start_equity: NullableNumeric;
  state: NullableJson;
  revision: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface RiskDailyMetricsTable {
  scope: string;
  date: ColumnType<string, string, string>;
  starting_equity: Numeric;
  current_equity: Numeric;
  peak_equity: Numeric;
  realized_pnl: DefaultedNumeric;
  unrealized_pnl: DefaultedNumeric;
  fees: DefaultedNumeric;
  funding: DefaultedNumeric;
  total_pnl: DefaultedNumeric;
  pnl_percent: DefaultedNumeric;
  trades: Generated<number>;
  won: Generated<number>;
  lost: Generated<number>;
  max_drawdown: DefaultedNumeric;
  max_concurrent_positions: Generated<number>;
  first_trade_at: NullableTimestamp;
  last_trade_at: NullableTimestamp;
  metrics: NullableJson;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  created_at: Timestamp;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  details: NullableJson;
  ip: string | null;
}

/** The whole database as Kysely sees it. */
export interface DatabaseSchema {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  strategies: StrategiesTable;
  bots: BotsTable;
  positions: PositionsTable;
  orders: OrdersTable;
  fills: FillsTable;
  trades: TradesTable;
  candles: CandlesTable;
  funding_rates: FundingRatesTable;
  backtests: BacktestsTable;
  backtest_sweeps: BacktestSweepsTable;
  reports: ReportsTable;
  risk_state: RiskStateTable;
  risk_daily_metrics: RiskDailyMetricsTable;
  audit_log: AuditLogTable;
}
