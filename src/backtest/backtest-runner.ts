import { TestClock } from "../core/clock.ts";
import { ValidationError } from "../core/errors.ts";
import {
  type AccountMode,
  barIntervalOf,
  type CandleColumns,
  createAccountSettings,
  type Instrument,
  type Order,
} from "../domain/index.ts";
import {
  type PreTradeCheck,
  type RiskGate,
  type Sizing,
  type Strategy,
  type TradeRecord,
  TradingEngine,
  type UnsentCause,
} from "../engine/index.ts";
import {
  createFeeModel,
  type FeeModel,
  type IntrabarPath,
  MatchingEngine,
} from "../venues/matching/index.ts";
import { SimulatedExecutionClient } from "./simulated-execution-client.ts";

/** Funding settlements of one instrument: time (ms UTC) and rate per settlement, ascending. */
export interface FundingSeries {
  readonly timestamp: Float64Array;
  readonly rate: Float64Array;
}

/** Everything a backtest run needs (already loaded and validated). */
export interface BacktestSetup {
  readonly instruments: readonly Instrument[];
  /** Base series per instrument; the first one is the benchmark for statistics. */
  readonly series: readonly CandleColumns[];
  /** Funding per instrument (undefined: none). */
  readonly funding?: ReadonlyArray<FundingSeries | undefined>;
  readonly strategy: Strategy;
  readonly cash: number;
  readonly mode?: AccountMode;
  readonly leverage?: number;
  readonly fees: FeeModel;
  readonly slippageBps?: number;
  readonly intrabarPath?: IntrabarPath;
  readonly sizing: Sizing;
  readonly exclusiveOrders?: boolean;
  /** Close positions still open after the last bar at that bar's open (they then count as trades). */
  readonly finalizeTrades?: boolean;
  readonly preTradeCheck?: PreTradeCheck;
  /**
   * The risk manager: every order passes it, and it observes the account after every bar; reaching
   * EMERGENCY cancels every order and closes every position at the next open. Overrides `preTradeCheck`.
   */
  readonly riskGate?: RiskGate;
  /**
   * Called every 4,096 steps and at the end with (done, total) steps and a view of the run so far
   * (the live trade list: read it during the call, do not keep it).
   */
  readonly onProgress?: ProgressListener;
}

/** The run so far, as seen by a progress listener. */
export interface ProgressSnapshot {
  /** Open time (ms UTC) of the last completed step. */
  readonly time: number;
  /** Equity (quote currency) at the close of that step. */
  readonly equity: number;
  /** Closed trades so far, oldest first (a live view; it grows as the run goes on). */
  readonly trades: readonly TradeRecord[];
}

/** Receives (done, total) steps and the run so far. */
export type ProgressListener = (done: number, total: number, snapshot: ProgressSnapshot) => void;

/** Raw outcome of a run; statistics are computed from it separately. */
export interface BacktestRun {
  /** Step times (bar open, ms UTC) of the merged timeline. */
  readonly timestamps: Float64Array;
  /** Equity at the close of each step. */
  readonly equity: Float64Array;
  /** Benchmark (first instrument) close per step. */
  readonly closes: Float64Array;
  readonly trades: readonly TradeRecord[];
  readonly orders: readonly Order[];
  readonly warmupBars: number;
  /** Total fees and funding booked (including on trades still open). */
  readonly fees: number;
  readonly funding: number;
  /** Positions left open at the end (signed sizes by instrument id). */
  readonly openPositions: Readonly<Record<string, number>>;
  readonly steps: number;
  readonly bars: number;
  readonly runMs: number;
  /** Orders not sent because their size came to 0, by cause (see `TradingEngine.unsentOrders`). */
  readonly unsentOrders: Readonly<Record<UnsentCause, number>>;
  /** The risk manager of the run, when one was in the order path. */
  readonly riskGate: RiskGate | undefined;
}

/** Funding events within this distance after a bar's open settle at that bar (venue time jitter). */
export const FUNDING_TOLERANCE_MS = 60_000;
const PROGRESS_EVERY = 4_096;

/** The bar loop, as a class so its hot fields are plain property loads rather than closure slots. */
class BarLoop {
  readonly equity: Float64Array;
  /** Scratch for MatchingEngine.quietRange: (low, high). */
  private readonly quiet = new Float64Array(2);
  /** Benchmark close per step: the first series' own close column when it is the only one. */
  closes: Float64Array;

  constructor(
    private readonly engine: TradingEngine,
    private readonly matching: MatchingEngine,
    private readonly clock: TestClock,
    private readonly series: readonly CandleColumns[],
    private readonly funding: ReadonlyArray<FundingSeries | undefined>,
    private readonly timeline: Float64Array,
    private readonly onProgress: ProgressListener | undefined,
    readonly riskGate: RiskGate | undefined,
  ) {
    this.equity = new Float64Array(timeline.length);
    this.closes =
      series.length === 1 ? (series[0] as CandleColumns).close : new Float64Array(timeline.length);
  }

  /**
   * One instrument: the timeline is its own bars. The venue is visited only on bars where something
   * can happen (orders, a position, funding due, or commands to deliver).
   */
  runSingle(): void {
    const { engine, matching, clock, equity, onProgress, riskGate } = this;
    const columns = this.series[0] as CandleColumns;
    const { timestamp, open, high, low } = columns;
    const steps = columns.length;
    const rates = this.funding[0];
    const fundingTimes = rates === undefined ? new Float64Array(0) : rates.timestamp;
    const fundingRates = rates === undefined ? new Float64Array(0) : rates.rate;
    let fundingNext = 0;
    // Settlements at or before this bar-open time are due (+∞ when none are left).
    let fundingDueBy =
      fundingTimes.length > 0 ? (fundingTimes[0] as number) - FUNDING_TOLERANCE_MS : Number.POSITIVE_INFINITY;
    // Bars strictly inside (quietLow, quietHigh) cannot change anything at the venue (see
    // MatchingEngine.quietRange); the range is renewed whenever the venue may have changed.
    const quiet = this.quiet;
    matching.quietRange(0, quiet);
    let quietLow = quiet[0] as number;
    let quietHigh = quiet[1] as number;
    for (let bar = 0; bar < steps; bar++) {
      const time = timestamp[bar] as number;
      const barOpen = open[bar] as number;
      const barHigh = high[bar] as number;
      const barLow = low[bar] as number;
      if (
        fundingDueBy <= time ||
        engine.hasPending ||
        !(barLow > quietLow && barOpen > quietLow && barHigh < quietHigh && barOpen < quietHigh)
      ) {
        clock.set(time);
        engine.beginStep(bar);
        matching.beginBarOf(0, columns, bar);
        // An open strictly inside the quiet range can execute nothing (the visit is for the
        // strategy's commands), unless funding settled now has moved the liquidation price.
        let openMatters = !(barOpen > quietLow && barOpen < quietHigh);
        while (
          fundingNext < fundingTimes.length &&
          (fundingTimes[fundingNext] as number) <= time + FUNDING_TOLERANCE_MS
        ) {
          matching.settleFunding(0, fundingRates[fundingNext] as number);
          fundingNext++;
          openMatters = true;
        }
        fundingDueBy =
          fundingNext < fundingTimes.length
            ? (fundingTimes[fundingNext] as number) - FUNDING_TOLERANCE_MS
            : Number.POSITIVE_INFINITY;
        if (openMatters) matching.processOpen(0);
        engine.deliverPending();
        matching.processIntrabar(0);
        matching.endBar(0);
        matching.quietRange(0, quiet);
        quietLow = quiet[0] as number;
        quietHigh = quiet[1] as number;
      }
      engine.completeBar(bar);
      equity[bar] = engine.equity;
      if (riskGate !== undefined) {
        // An emergency exit sends orders at once.
        this.observeRisk(time, equity[bar] as number);
        matching.quietRange(0, quiet);
        quietLow = quiet[0] as number;
        quietHigh = quiet[1] as number;
      }
      if (onProgress !== undefined && (bar & (PROGRESS_EVERY - 1)) === 0 && bar > 0)
        this.report(bar, steps, time);
    }
  }

  /** Tells the progress listener how far the run is, with the equity at `step` and the trades so far. */
  report(step: number, steps: number, time: number): void {
    this.onProgress?.(step, steps, {
      time,
      equity: this.equity[Math.min(step, this.equity.length - 1)] as number,
      trades: this.engine.recorder.trades,
    });
  }

  /** Feeds the risk manager after a bar; an EMERGENCY exits everything at the next open. */
  private observeRisk(time: number, equity: number): void {
    const gate = this.riskGate as RiskGate;
    if (gate.observe(time, equity, this.engine.recorder.trades).emergency) emergencyExit(this.engine);
  }

  /** Several instruments on the merged timeline; an instrument without a bar at a step sits still. */
  runMerged(): void {
    const { engine, matching, clock, equity, closes, onProgress, series, funding, timeline } = this;
    const instrumentCount = series.length;
    const cursors = new Int32Array(instrumentCount);
    const fundingCursors = new Int32Array(instrumentCount);
    const steps = timeline.length;
    let lastBenchmarkClose = (series[0] as CandleColumns).close[0] as number;
    for (let step = 0; step < steps; step++) {
      const time = timeline[step] as number;
      clock.set(time);
      engine.beginStep(step);
      for (let index = 0; index < instrumentCount; index++) {
        const columns = series[index] as CandleColumns;
        const bar = cursors[index] as number;
        if (bar >= columns.length || columns.timestamp[bar] !== time) continue;
        matching.beginBarOf(index, columns, bar);
        const rates = funding[index];
        if (rates !== undefined) {
          let next = fundingCursors[index] as number;
          while (
            next < rates.timestamp.length &&
            (rates.timestamp[next] as number) <= time + FUNDING_TOLERANCE_MS
          ) {
            matching.settleFunding(index, rates.rate[next] as number);
            next++;
          }
          fundingCursors[index] = next;
        }
        matching.processOpen(index);
      }
      engine.deliverPending();
      for (let index = 0; index < instrumentCount; index++) {
        const columns = series[index] as CandleColumns;
        const bar = cursors[index] as number;
        if (bar >= columns.length || columns.timestamp[bar] !== time) continue;
        matching.processIntrabar(index);
        matching.endBar(index);
        engine.closeBar(index, bar);
        cursors[index] = bar + 1;
        if (index === 0) lastBenchmarkClose = columns.close[bar] as number;
      }
      closes[step] = lastBenchmarkClose;
      engine.finishStep();
      equity[step] = engine.equity;
      if (this.riskGate !== undefined) this.observeRisk(time, equity[step] as number);
      if (onProgress !== undefined && (step & (PROGRESS_EVERY - 1)) === 0 && step > 0)
        this.report(step, steps, time);
    }
  }
}

/** Emergency exit of the risk manager: cancel every working order, close every position at market. */
function emergencyExit(engine: TradingEngine): void {
  for (const instrument of engine.instruments) {
    for (const order of [...engine.openOrders(instrument.id)]) engine.cancelOrder(order.id);
  }
  engine.closeAllPositions("emergency");
}

function mergedTimeline(series: readonly CandleColumns[]): Float64Array {
  if (series.length === 1) return (series[0] as CandleColumns).timestamp;
  const all = new Set<number>();
  for (const columns of series) for (const time of columns.timestamp) all.add(time);
  return Float64Array.from([...all].sort((left, right) => left - right));
}

/**
 * Runs one backtest: an event loop over the merged bar timeline of all instruments. At each step the
 * venue opens the bars (funding, gap fills), the strategy's orders from the previous close meet the
 * open, the venue walks each bar, then the strategy sees the closed bars. Deterministic.
 *
 * @throws ValidationError for an empty series, mismatched instruments/series, or bad account values.
 */
export function runBacktest(setup: BacktestSetup): BacktestRun {
  const { instruments, series } = setup;
  if (instruments.length === 0 || instruments.length !== series.length) {
    throw new ValidationError(
      `need one series per instrument (got ${instruments.length} and ${series.length})`,
      {
        field: "data",
      },
    );
  }
  for (const [index, columns] of series.entries()) {
    if (columns.length === 0) {
      throw new ValidationError(`no bars for ${instruments[index]?.id} in the selected range`, {
        field: "data",
      });
    }
  }
  const account = createAccountSettings({
    mode: setup.mode ?? "perpetual",
    initialBalance: setup.cash,
    leverage: setup.leverage ?? 1,
  });
  const fees = createFeeModel(setup.fees);
  const clock = new TestClock(0);
  const client = new SimulatedExecutionClient(fees);
  const matching = new MatchingEngine({
    instruments,
    account,
    fees,
    slippageBps: setup.slippageBps ?? 0,
    intrabarPath: setup.intrabarPath ?? "stop-first",
    clock,
    listener: client,
    // The engine copies what it keeps of a fill, so the venue may reuse one fill event object.
    reuseFillEvents: true,
  });
  const engine = new TradingEngine({
    instruments,
    series,
    intervalsMs: series.map((columns) => barIntervalOf(columns)),
    account,
    strategy: setup.strategy,
    execution: client,
    clock,
    sizing: setup.sizing,
    exclusiveOrders: setup.exclusiveOrders ?? false,
    ...(setup.riskGate
      ? { preTradeCheck: setup.riskGate }
      : setup.preTradeCheck
        ? { preTradeCheck: setup.preTradeCheck }
        : {}),
  });
  client.connect(matching, engine);

  const timeline = mergedTimeline(series);
  const steps = timeline.length;
  const instrumentCount = instruments.length;
  const loop = new BarLoop(
    engine,
    matching,
    clock,
    series,
    setup.funding ?? [],
    timeline,
    setup.onProgress,
    setup.riskGate,
  );
  const started = performance.now();
  engine.start();
  if (instrumentCount === 1) loop.runSingle();
  else loop.runMerged();
  const { equity, closes } = loop;

  clock.set(Math.max(clock.now(), timeline[steps - 1] as number));
  if (setup.finalizeTrades) {
    for (let index = 0; index < instrumentCount; index++) {
      const columns = series[index] as CandleColumns;
      const last = columns.length - 1;
      matching.beginBar(
        index,
        columns.open[last] as number,
        columns.high[last] as number,
        columns.low[last] as number,
        columns.close[last] as number,
      );
    }
    engine.closeAllPositions("end_of_data");
    for (let index = 0; index < instrumentCount; index++) matching.endBar(index);
    for (let index = 0; index < instrumentCount; index++) {
      const columns = series[index] as CandleColumns;
      engine.ledger.marks[index] = columns.close[columns.length - 1] as number;
    }
    equity[steps - 1] = engine.ledger.equity();
  }
  engine.stop();
  const runMs = performance.now() - started;
  if (steps > 0) loop.report(steps, steps, timeline[steps - 1] as number);

  const openPositions: Record<string, number> = {};
  let feeTotal = 0;
  let fundingTotal = 0;
  engine.ledger.positions.forEach((position, index) => {
    feeTotal += position.fees;
    fundingTotal += position.funding;
    if (position.quantity !== 0) openPositions[(instruments[index] as Instrument).id] = position.quantity;
  });
  return {
    timestamps: timeline,
    equity,
    closes,
    // Built from the columnar trade log on first read (a run's consumer may never need the objects).
    get trades() {
      return engine.recorder.trades;
    },
    // Built on first read: orders filled at once are kept compactly until someone asks for them.
    get orders() {
      return engine.orderLog;
    },
    warmupBars: Math.max(0, setup.strategy.warmupBars ?? 0),
    fees: feeTotal,
    funding: fundingTotal,
    openPositions,
    steps,
    riskGate: setup.riskGate,
    bars: series.reduce((sum, columns) => sum + columns.length, 0),
    runMs,
    unsentOrders: { ...engine.unsentOrders },
  };
}
