/**
 * Hyperliquid's dead-man's switch driven by a heartbeat: every beat re-arms `scheduleCancel` to
 * `now + windowMs`, so the venue cancels every resting order of the account once beats stop for longer
 * than the window (process killed, network down). The switch itself never cancels anything.
 */
import type { ExchangeClient } from "@nktkas/hyperliquid";
import type { Clock } from "../core/index.ts";
import { ValidationError } from "../core/index.ts";

/** Hyperliquid refuses a scheduled cancel less than 5 s ahead. */
export const MIN_DEAD_MAN_WINDOW_MS = 5_000;

/** Construction options of a {@link DeadMansSwitch}. */
export interface DeadMansSwitchOptions {
  readonly exchange: Pick<ExchangeClient, "scheduleCancel">;
  readonly clock: Clock;
  /** Resting orders die this long after the last beat, ms (≥ 5 s). */
  readonly windowMs: number;
  /** Beat period, ms; must be shorter than the window (default a third of it). */
  readonly heartbeatMs?: number;
  /** Runs idempotent requests with retries (the execution client's backoff); default: once. */
  readonly request?: <T>(what: string, request: () => Promise<T>) => Promise<T>;
  /** Told when a beat could not arm the switch. */
  readonly onError?: (error: unknown) => void;
}

/** The heartbeat-armed `scheduleCancel` of one account. */
export class DeadMansSwitch {
  private timer: ReturnType<typeof setInterval> | undefined;
  private armedUntil: number | undefined;
  readonly heartbeatMs: number;

  /** @throws ValidationError when the window is under 5 s or the beat is not shorter than the window. */
  constructor(private readonly options: DeadMansSwitchOptions) {
    if (!(options.windowMs >= MIN_DEAD_MAN_WINDOW_MS)) {
      throw new ValidationError(`dead-man's switch window must be ≥ 5000 ms, got ${options.windowMs}`, {
        field: "windowMs",
      });
    }
    this.heartbeatMs = options.heartbeatMs ?? Math.floor(options.windowMs / 3);
    if (!(this.heartbeatMs > 0 && this.heartbeatMs < options.windowMs)) {
      throw new ValidationError(
        `dead-man's switch heartbeat must be in (0, ${options.windowMs}) ms, got ${this.heartbeatMs}`,
        { field: "heartbeatMs" },
      );
    }
  }

  /** When resting orders die if no further beat arrives (ms), or undefined before the first beat. */
  get deadline(): number | undefined {
    return this.armedUntil;
  }

  /** One heartbeat: re-arms the switch to now + window. Resolves false when the venue did not take it. */
  async beat(): Promise<boolean> {
    const time = this.options.clock.now() + this.options.windowMs;
    const request = this.options.request ?? ((_what, run) => run());
    try {
      await request("scheduleCancel", () => this.options.exchange.scheduleCancel({ time }));
      this.armedUntil = time;
      return true;
    } catch (error) {
      this.options.onError?.(error);
      return false;
    }
  }

  /** Beats now and then every `heartbeatMs` until {@link stop}. */
  start(): Promise<boolean> {
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.beat(), this.heartbeatMs);
      this.timer.unref?.();
    }
    return this.beat();
  }

  /**
   * Stops beating. With `disarm`, also clears the venue's switch (orders stay); without, the switch
   * fires at the last deadline, as it would if the process had died.
   */
  async stop(options: { disarm?: boolean } = {}): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (!options.disarm) return;
    const request = this.options.request ?? ((_what, run) => run());
    await request("scheduleCancel", () => this.options.exchange.scheduleCancel());
    this.armedUntil = undefined;
  }
}
