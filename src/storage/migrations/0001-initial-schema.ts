import { type Kysely, sql } from "kysely";

/**
 * The first schema, designed for the whole product: users and tokens, strategies and bots, the
 * order → fill → position → trade chain, candles and funding, backtests, risk state and daily metrics,
 * and the audit log. Money and sizes are `numeric`, times `timestamptz`.
 */
export async function up(database: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 64),
      password_hash text NOT NULL,
      role text NOT NULL DEFAULT 'viewer' CHECK (role IN ('viewer', 'trader', 'strategist', 'admin')),
      failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
      locked_until timestamptz,
      disabled boolean NOT NULL DEFAULT false,
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE refresh_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      family_id uuid NOT NULL,
      token_hash text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      replaced_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX idx_refresh_tokens_family ON refresh_tokens(family_id);
    CREATE INDEX idx_refresh_tokens_user ON refresh_tokens(user_id);

    CREATE TABLE strategies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
      strategy_type text NOT NULL,
      description text,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      enabled boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE bots (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      strategy_id uuid REFERENCES strategies(id) ON DELETE RESTRICT,
      strategy_type text NOT NULL,
      symbol text NOT NULL,
      interval text NOT NULL DEFAULT '1h',
      mode text NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live')),
      status text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'running', 'paused', 'stopped', 'error')),
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      risk_overrides jsonb NOT NULL DEFAULT '{}'::jsonb,
      error text,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      stopped_at timestamptz
    );
    CREATE INDEX idx_bots_status ON bots(status);

    CREATE TABLE positions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      symbol text NOT NULL,
      side text NOT NULL CHECK (side IN ('long', 'short')),
      size numeric NOT NULL CHECK (size >= 0),
      entry_price numeric NOT NULL CHECK (entry_price > 0),
      exit_price numeric CHECK (exit_price IS NULL OR exit_price > 0),
      stop_loss numeric,
      take_profits jsonb NOT NULL DEFAULT '[]'::jsonb,
      initial_size numeric,
      initial_stop_loss numeric,
      leverage numeric,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      exit_reason text CHECK (exit_reason IS NULL OR exit_reason IN (
        'stop_loss', 'tp1', 'tp2', 'breakeven', 'momentum', 'time_stop', 'manual', 'emergency', 'liquidation', 'reconciliation'
      )),
      mode text NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live')),
      bot_id uuid REFERENCES bots(id) ON DELETE SET NULL,
      strategy text,
      realized_pnl numeric NOT NULL DEFAULT 0,
      fees numeric NOT NULL DEFAULT 0,
      funding numeric NOT NULL DEFAULT 0,
      signal jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    );
    CREATE INDEX idx_positions_status ON positions(status) WHERE status = 'open';
    CREATE INDEX idx_positions_symbol ON positions(symbol, created_at DESC);
    CREATE INDEX idx_positions_bot ON positions(bot_id);

    CREATE TABLE orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_order_id text NOT NULL UNIQUE,
      venue_order_id text,
      bot_id uuid REFERENCES bots(id) ON DELETE SET NULL,
      position_id uuid REFERENCES positions(id) ON DELETE SET NULL,
      symbol text NOT NULL,
      side text NOT NULL CHECK (side IN ('buy', 'sell')),
      type text NOT NULL CHECK (type IN ('market', 'limit', 'stop_market', 'stop_limit', 'take_profit', 'stop_loss')),
      status text NOT NULL CHECK (status IN (
        'submitted', 'accepted', 'triggered', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired'
      )),
      price numeric,
      trigger_price numeric,
      size numeric NOT NULL CHECK (size > 0),
      filled_size numeric NOT NULL DEFAULT 0 CHECK (filled_size >= 0),
      average_fill_price numeric,
      reduce_only boolean NOT NULL DEFAULT false,
      time_in_force text NOT NULL DEFAULT 'GTC' CHECK (time_in_force IN ('GTC', 'IOC', 'ALO')),
      mode text NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live')),
      reject_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (filled_size <= size)
    );
    CREATE INDEX idx_orders_open ON orders(status) WHERE status IN ('submitted', 'accepted', 'triggered', 'partially_filled');
    CREATE INDEX idx_orders_venue_order_id ON orders(venue_order_id);
    CREATE INDEX idx_orders_bot ON orders(bot_id, created_at DESC);

    CREATE TABLE fills (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      venue_trade_id text NOT NULL UNIQUE,
      order_id uuid REFERENCES orders(id) ON DELETE SET NULL,
      client_order_id text,
      position_id uuid REFERENCES positions(id) ON DELETE SET NULL,
      symbol text NOT NULL,
      side text NOT NULL CHECK (side IN ('buy', 'sell')),
      price numeric NOT NULL CHECK (price > 0),
      size numeric NOT NULL CHECK (size > 0),
      fee numeric NOT NULL DEFAULT 0,
      liquidity text NOT NULL CHECK (liquidity IN ('maker', 'taker')),
      closed_pnl numeric,
      mode text NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live')),
      filled_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX idx_fills_order ON fills(order_id);
    CREATE INDEX idx_fills_filled_at ON fills(filled_at DESC);

    CREATE TABLE trades (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      position_id uuid REFERENCES positions(id) ON DELETE SET NULL,
      bot_id uuid REFERENCES bots(id) ON DELETE SET NULL,
      strategy_id uuid REFERENCES strategies(id) ON DELETE RESTRICT,
      strategy text,
      symbol text NOT NULL,
      side text NOT NULL CHECK (side IN ('long', 'short')),
      size numeric NOT NULL CHECK (size > 0),
      entry_price numeric NOT NULL CHECK (entry_price > 0),
      exit_price numeric NOT NULL CHECK (exit_price > 0),
      entry_time timestamptz NOT NULL,
      exit_time timestamptz NOT NULL,
      pnl numeric NOT NULL,
      pnl_r numeric,
      return_pct numeric,
      fees numeric NOT NULL DEFAULT 0,
      funding numeric NOT NULL DEFAULT 0,
      exit_reason text NOT NULL,
      mode text NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live')),
      signal jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (exit_time >= entry_time)
    );
    CREATE INDEX idx_trades_created_at ON trades(created_at DESC);
    CREATE INDEX idx_trades_symbol_created_at ON trades(symbol, created_at DESC);
    CREATE INDEX idx_trades_strategy ON trades(strategy_id);

    CREATE TABLE candles (
      venue text NOT NULL,
      symbol text NOT NULL,
      interval text NOT NULL,
      time timestamptz NOT NULL,
      open numeric NOT NULL CHECK (open > 0),
      high numeric NOT NULL CHECK (high > 0),
      low numeric NOT NULL CHECK (low > 0),
      close numeric NOT NULL CHECK (close > 0),
      volume numeric NOT NULL CHECK (volume >= 0),
      PRIMARY KEY (venue, symbol, interval, time),
      CHECK (high >= low AND high >= open AND high >= close AND low <= open AND low <= close)
    );

    CREATE TABLE funding_rates (
      venue text NOT NULL,
      symbol text NOT NULL,
      time timestamptz NOT NULL,
      rate numeric NOT NULL,
      PRIMARY KEY (venue, symbol, time)
    );

    CREATE TABLE backtests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text,
      config jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
      progress double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
      error text,
      results jsonb,
      job_id text,
      requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    CREATE INDEX idx_backtests_status ON backtests(status, created_at DESC);

    CREATE TABLE risk_state (
      scope text PRIMARY KEY,
      trading_state text NOT NULL DEFAULT 'ACTIVE' CHECK (trading_state IN ('ACTIVE', 'REDUCED', 'HALTED', 'EMERGENCY')),
      circuit_breaker_tripped boolean NOT NULL DEFAULT false,
      circuit_breaker_reason text,
      circuit_breaker_tripped_at timestamptz,
      circuit_breaker_until timestamptz,
      circuit_breaker_tripped_by text,
      loss_streak integer NOT NULL DEFAULT 0 CHECK (loss_streak >= 0),
      loss_streak_until timestamptz,
      equity_high_water numeric,
      day date,
      day_start_equity numeric,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE risk_daily_metrics (
      scope text NOT NULL,
      date date NOT NULL,
      starting_equity numeric NOT NULL,
      current_equity numeric NOT NULL,
      peak_equity numeric NOT NULL,
      realized_pnl numeric NOT NULL DEFAULT 0,
      unrealized_pnl numeric NOT NULL DEFAULT 0,
      fees numeric NOT NULL DEFAULT 0,
      funding numeric NOT NULL DEFAULT 0,
      total_pnl numeric NOT NULL DEFAULT 0,
      pnl_percent numeric NOT NULL DEFAULT 0,
      trades integer NOT NULL DEFAULT 0,
      won integer NOT NULL DEFAULT 0,
      lost integer NOT NULL DEFAULT 0,
      max_drawdown numeric NOT NULL DEFAULT 0,
      max_concurrent_positions integer NOT NULL DEFAULT 0,
      first_trade_at timestamptz,
      last_trade_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, date)
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      target text,
      reason text,
      details jsonb,
      ip text
    );
    CREATE INDEX idx_audit_log_created_at ON audit_log(created_at DESC);
    CREATE INDEX idx_audit_log_action ON audit_log(action, created_at DESC);
  `.execute(database);
}

/** Drops everything {@link up} created. */
export async function down(database: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS audit_log, risk_daily_metrics, risk_state, backtests, funding_rates, candles, trades,
      fills, orders, positions, bots, strategies, refresh_tokens, users CASCADE;
  `.execute(database);
}
