import type { Clock } from "../core/clock.ts";
import {
  type AccountLedger,
  createOrder,
  type Fill,
  type Instrument,
  isWorking,
  type Order,
  type OrderSide,
  type Position,
  transitionOrder,
  validateOrderRequest,
} from "../domain/index.ts";
import { referenceList, truncate } from "./lists.ts";
import { OrderAnnotations } from "./order-annotations.ts";
import {
  bracketChildren,
  bracketIntent,
  closeIntent,
  type Intent,
  IntentPool,
  type OrderIntent,
  orderIntent,
} from "./order-intents.ts";
import type { OrderRegistry } from "./order-registry.ts";
import {
  APPROVE_ALL,
  type ExecutionClient,
  type ImmediateFillReceiver,
  type PreTradeCheck,
  type PreTradeDecision,
} from "./ports.ts";
import { resolveQuantity, type Sizing, type UnsentCause, zeroSizeCause } from "./sizing.ts";
import type { BracketOptions, OrderOptions } from "./strategy.ts";

/** Construction options of an {@link OrderRouter}. */
export interface OrderRouterOptions {
  readonly instruments: readonly Instrument[];
  readonly ledger: AccountLedger;
  readonly registry: OrderRegistry;
  readonly execution: ExecutionClient;
  readonly check: PreTradeCheck;
  readonly clock: Clock;
  readonly sizing: Sizing;
  readonly exclusiveOrders: boolean;
  readonly deliverImmediately: boolean;
  /** Hears of the orders the router settles itself and of those the venue fills at once. */
  readonly outcomes: RouterOutcomes;
}

/**
 * What an {@link OrderRouter} tells its owner (the engine). An object with methods rather than
 * callbacks: the engine is the same class in every run, so these calls stay monomorphic across the
 * runs of a process (a callback made per engine is a new function each run).
 */
export interface RouterOutcomes {
  /**
   * An order the router settled itself: `size_zero` (not sent, not logged), with why its size came
   * to 0 (see {@link UnsentCause}).
   */
  orderRejectedByRouter(order: Order, reason: string, cause: UnsentCause): void;
  /** An order the pre-trade check denied (it was registered and is settled `DENIED`). */
  orderDenied(order: Order, code: string, message: string): void;
  /**
   * A market order the venue filled at once (see `ExecutionClient.executeMarketNow`): book `fill`
   * (the venue's object) with the order's declared stop (`NaN` if none) and entry signal.
   */
  filledAtOnce(instrument: number, fill: Fill, stopLoss: number, signal: unknown): void;
}

const APPROVED: PreTradeDecision = { approved: true };
const NO_ORDERS: readonly Order[] = [];

/**
 * The path from strategy to venue. Strategy commands queue here; on delivery (the next bar's open in
 * a backtest, at once live) each order gets its size, passes the pre-trade check — the seam where
 * the risk manager sits — and goes to the execution client.
 */
export class OrderRouter implements ImmediateFillReceiver {
  private queue: Intent[] = referenceList();
  /** The market order being filled at once (set during `executeMarketNow`). */
  private executing: OrderIntent | undefined;
  /** The other half of the double-buffered queue (commands placed while delivering go to it). */
  private spare: Intent[] = referenceList();
  private sequence = 0;
  /** Scratch inputs of `resolveQuantity` (one object for the run, not one per order). */
  private readonly sizingInputs = {
    equity: 0,
    availableMargin: 0,
    leverage: 1,
    price: 0,
    feeRate: 0,
    stopLossPrice: 0,
  };
  private readonly intents = new IntentPool();
  /** Stops and entry reasons declared with orders sent, until they fill. */
  private readonly annotations = new OrderAnnotations();
  /** Why the intent just sized came to 0 (read and cleared by `rejectUnaffordable`). */
  private zeroSizeCause: UnsentCause | undefined;

  constructor(private readonly options: OrderRouterOptions) {}

  /** Whether commands wait for delivery. */
  get hasPending(): boolean {
    return this.queue.length > 0;
  }

  /** The strategy's reason attached to an order, if any; forgotten once read. */
  takeSignal(orderId: string): unknown {
    return this.annotations.takeSignal(orderId);
  }

  /** The stop declared with an order (entry or bracket), if any. */
  stopLossOf(orderId: string): number | undefined {
    return this.annotations.stopLossOf(orderId);
  }

  placeOrder(instrument: number, side: OrderSide, options: OrderOptions): string {
    const intent = orderIntent(
      this.intents.take(),
      this.nextSequence(),
      instrument,
      this.instrumentId(instrument),
      side,
      options,
      this.options.sizing,
    );
    if (this.options.exclusiveOrders && !intent.reduceOnly) this.makeExclusive(instrument);
    return this.enqueue(intent);
  }

  placeBracket(instrument: number, options: BracketOptions): string {
    const intent = bracketIntent(
      this.intents.take(),
      this.nextSequence(),
      instrument,
      this.instrumentId(instrument),
      options,
      this.options.sizing,
    );
    if (this.options.exclusiveOrders) this.makeExclusive(instrument);
    return this.enqueue(intent);
  }

  closePosition(instrument: number, tag: string): string {
    return this.enqueue(
      closeIntent(
        this.intents.take(),
        this.nextSequence(),
        instrument,
        this.instrumentId(instrument),
        tag,
        this.options.sizing,
      ),
    );
  }

  /** Drops a queued order, or queues a cancel of a working one. */
  cancel(orderId: string): boolean {
    const queued = this.queue.findIndex((intent) => intent.id === orderId && intent.kind !== "cancel");
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      return true;
    }
    const order = this.options.registry.get(orderId);
    if (order === undefined || !isWorking(order)) return false;
    this.enqueue({ kind: "cancel", id: orderId });
    return true;
  }

  /** Changes a queued order in place, or queues a modify of a working one. */
  modify(orderId: string, changes: { quantity?: number; price?: number; triggerPrice?: number }): boolean {
    const queued = this.queue.find((intent) => intent.id === orderId);
    if (queued?.kind === "order") {
      if (changes.quantity !== undefined) queued.quantity = changes.quantity;
      if (changes.price !== undefined) queued.price = changes.price;
      if (changes.triggerPrice !== undefined) queued.triggerPrice = changes.triggerPrice;
      return true;
    }
    const order = this.options.registry.get(orderId);
    if (order === undefined || !isWorking(order)) return false;
    this.enqueue({ kind: "modify", id: orderId, changes: { ...changes } });
    return true;
  }

  /** Sends every queued command to the execution client, oldest first. */
  deliverPending(): void {
    if (this.queue.length === 0) return;
    const pending = this.queue;
    this.queue = this.spare;
    for (let index = 0; index < pending.length; index++) {
      const intent = pending[index] as Intent;
      this.deliver(intent);
      if (intent.kind === "order") this.intents.give(intent);
    }
    truncate(pending, 0);
    this.spare = pending;
  }

  /** Replaces the queue with market closes of every open position and sends them. */
  closeAll(tag: string): void {
    truncate(this.queue, 0);
    this.options.ledger.positions.forEach((position, instrument) => {
      if (position.quantity !== 0) {
        this.queue.push(
          closeIntent(
            this.intents.take(),
            this.nextSequence(),
            instrument,
            this.instrumentId(instrument),
            tag,
            this.options.sizing,
          ),
        );
      }
    });
    this.deliverPending();
  }

  private enqueue(intent: Intent): string {
    this.queue.push(intent);
    if (this.options.deliverImmediately) this.deliverPending();
    return intent.id;
  }

  private instrumentId(instrument: number): string {
    return (this.options.instruments[instrument] as Instrument).id;
  }

  private nextSequence(): number {
    this.sequence++;
    return this.sequence;
  }

  /** Before a new entry: drop queued entries, cancel working ones, close the position. */
  private makeExclusive(instrument: number): void {
    const id = (this.options.instruments[instrument] as Instrument).id;
    this.queue = this.queue.filter(
      (intent) => !(intent.kind === "order" && intent.instrument === instrument && !intent.reduceOnly),
    );
    for (const order of this.options.registry.openOrders(id)) {
      if (isWorking(order) && !order.reduceOnly && order.parentId === undefined) {
        this.queue.push({ kind: "cancel", id: order.id });
      }
    }
    if (
      !this.queue.some(
        (intent) => intent.kind === "order" && intent.closeAll && intent.instrument === instrument,
      )
    ) {
      this.queue.push(
        closeIntent(this.intents.take(), this.nextSequence(), instrument, id, "signal", this.options.sizing),
      );
    }
  }

  private deliver(intent: Intent): void {
    const execution = this.options.execution;
    switch (intent.kind) {
      case "cancel":
        execution.cancel(intent.id);
        return;
      case "modify":
        execution.modify(intent.id, intent.changes);
        return;
      case "order": {
        if (intent.closeAll) {
          const held = (this.options.ledger.positions[intent.instrument] as Position).quantity;
          if (held === 0) return;
          intent.side = held > 0 ? "SELL" : "BUY";
          intent.quantity = Math.abs(held);
        }
        if (Number.isNaN(intent.quantity)) this.size(intent);
        this.send(intent);
        return;
      }
    }
  }

  /**
   * Sends a plain market order (no bracket, no limit or trigger price, no pre-trade check other than
   * approve-all) to a venue that can fill it at once (see `ExecutionClient.executeMarketNow`): it is
   * then filled without an order object, and the order log records it filled. False when it has to be
   * sent the regular way (nothing has happened then).
   *
   * @throws ValidationError as `createOrder` for a malformed order.
   */
  private fillsAtOnce(intent: OrderIntent): boolean {
    const execution = this.options.execution;
    if (
      execution.executeMarketNow === undefined ||
      intent.type !== "MARKET" ||
      intent.bracket ||
      this.options.check !== APPROVE_ALL ||
      !Number.isNaN(intent.price) ||
      !Number.isNaN(intent.triggerPrice)
    )
      return false;
    validateOrderRequest(intent);
    this.executing = intent;
    const filled = execution.executeMarketNow(intent, this);
    this.executing = undefined;
    return filled;
  }

  /** The venue filled the order being sent at once: log it, then let the engine book the fill. */
  onImmediateFill(instrument: number, fill: Fill): void {
    const intent = this.executing as OrderIntent;
    this.options.registry.logFilledAtOnce(intent, fill);
    this.options.outcomes.filledAtOnce(instrument, fill, intent.stopLoss, intent.signal);
  }

  private referencePrice(intent: OrderIntent): number {
    if (intent.type === "MARKET") return this.options.execution.marketPrice(intent.instrument, intent.side);
    return Number.isNaN(intent.price) ? intent.triggerPrice : intent.price;
  }

  /** Resolves the intent's sizing rule into `intent.quantity` (0 when nothing is affordable). */
  private size(intent: OrderIntent): void {
    const ledger = this.options.ledger;
    const inputs = this.sizingInputs;
    ledger.readMargin(inputs);
    inputs.leverage = ledger.leverages[intent.instrument] as number;
    inputs.price = this.referencePrice(intent);
    inputs.feeRate = this.options.execution.takerFeeRate;
    inputs.stopLossPrice = intent.stopLoss;
    // REDUCED trading state: new risk is scaled down (halved by default) by the risk manager.
    const scale = intent.sizing.mode === "risk" ? (this.options.check.riskScale?.() ?? 1) : 1;
    intent.quantity = resolveQuantity(
      scale === 1 || intent.sizing.mode !== "risk"
        ? intent.sizing
        : { mode: "risk", fraction: intent.sizing.fraction * scale },
      this.options.instruments[intent.instrument] as Instrument,
      inputs,
    );
    if (intent.quantity === 0) this.zeroSizeCause = zeroSizeCause(intent.sizing, inputs);
  }

  /**
   * Sends an intent whose `quantity` is set (≤ 0: nothing affordable). Kept small (the rare and the
   * longer paths are functions of their own) so that compilers inline the common path into delivery.
   */
  private send(intent: OrderIntent): void {
    if (!(intent.quantity > 0)) this.rejectUnaffordable(intent);
    else if (!this.fillsAtOnce(intent)) this.submit(intent);
  }

  /**
   * Nothing affordable: the strategy hears it, but the order is neither sent nor logged (as in
   * backtesting.py), so a broke account does not fill the order log with empty orders.
   */
  private rejectUnaffordable(intent: OrderIntent): void {
    const cause = this.zeroSizeCause ?? "below_lot";
    this.zeroSizeCause = undefined;
    intent.quantity = 1;
    const unsent = createOrder(intent, this.options.clock.now());
    transitionOrder(unsent, "REJECTED");
    unsent.reason = "size_zero";
    this.options.outcomes.orderRejectedByRouter(unsent, "size_zero", cause);
  }

  /** Registers the order (and a bracket's legs), runs the pre-trade check and submits to the venue. */
  private submit(intent: OrderIntent): void {
    const { registry, ledger, check } = this.options;
    const quantity = intent.quantity;
    const instrument = this.options.instruments[intent.instrument] as Instrument;
    const time = this.options.clock.now();
    const order = registry.register(createOrder(intent, time));
    let children: readonly Order[] = NO_ORDERS;
    if (intent.bracket) {
      const created: Order[] = [];
      for (const child of bracketChildren(intent, instrument, quantity))
        created.push(registry.register(createOrder(child, time)));
      children = created;
    }
    if (!Number.isNaN(intent.stopLoss)) this.annotations.declareStopLoss(order, intent.stopLoss);
    if (intent.signal !== undefined) this.annotations.declareSignal(order.id, intent.signal);
    const decision =
      check === APPROVE_ALL
        ? APPROVED
        : check.check(order, {
            time,
            instrument,
            referencePrice: this.referencePrice(intent),
            stopLossPrice: intent.stopLoss,
            equity: ledger.equity(),
            availableMargin: ledger.availableMargin(),
            positions: ledger.positions,
            openOrders: registry.openOrders(instrument.id),
          });
    if (!decision.approved) {
      registry.settle(order, "DENIED", decision.code);
      for (const child of children) registry.settle(child, "DENIED", decision.code);
      this.options.outcomes.orderDenied(order, decision.code, decision.message);
      return;
    }
    // The engine's own order objects are the requests: an in-process venue may take them over as its
    // copies (see OrderRegistry); any other venue reads them like plain requests.
    this.options.execution.submit(order, children);
  }
}
