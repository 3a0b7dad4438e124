/**
 * Replays recorded candles into the exchange core, one bar per step, with no look-ahead: after
 * `cursor` steps, bars `[0, cursor)` are complete, the mid is the close of the last one and the
 * market time is that bar's close time (= the next bar's open, whose candle is "in progress", flat). Hourly funding is paid for every whole hour the step crosses,
 * at the recorded rate when a funding series is given (else the 0.00125 %/h baseline).
 */
import type { CandleSeries, FundingSeries } from "../../data/index.ts";
import type { SimulatedExchange } from "./simulated-exchange.ts";

/** Hourly interest baseline Hyperliquid's funding converges to when premiums are zero. */
export const BASELINE_HOURLY_FUNDING = 0.0000125;
const HOUR_MS = 3_600_000;

/** One replayed market. */
export interface ReplayTrack {
  coin: string;
  assetId: number;
  candles: CandleSeries;
  intervalMs: number;
  funding: FundingSeries | null;
}

/** One candle in full words, `openTime`…`closeTime` inclusive. */
export interface ReplayCandle {
  openTime: number;
  closeTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

/** Bars complete at start: `startBar` clamped to [1, shortest track length]. */
export function replayStartBar(tracks: readonly ReplayTrack[], startBar: number): number {
  const shortest = Math.min(...tracks.map((track) => track.candles.length));
  return Math.max(1, Math.min(startBar, shortest));
}

/** Steps recorded candles into the exchange. */
export class MarketReplay {
  private cursor: number;

  /**
   * @param startBar bars already complete at start (history visible to `candleSnapshot`), ≥ 1.
   */
  constructor(
    private readonly tracks: readonly ReplayTrack[],
    private readonly exchange: SimulatedExchange,
    startBar: number,
  ) {
    this.cursor = replayStartBar(tracks, startBar);
  }

  /** Bars complete so far. */
  position(): number {
    return this.cursor;
  }

  /** Bars left to replay. */
  remaining(): number {
    return Math.min(...this.tracks.map((track) => track.candles.length)) - this.cursor;
  }

  /** Close time + 1 ms of the last complete bar, i.e. "now" in the replayed market. */
  marketTime(): number {
    let time = 0;
    for (const track of this.tracks) {
      time = Math.max(time, (track.candles.timestamp[this.cursor - 1] as number) + track.intervalMs);
    }
    return time;
  }

  /** Completes the next bar of every track; returns false when the data is exhausted. */
  step(): boolean {
    if (this.remaining() <= 0) return false;
    const before = this.marketTime();
    const index = this.cursor;
    this.cursor++;
    const after = this.marketTime();
    for (const track of this.tracks) {
      const { candles } = track;
      const bar = {
        open: candles.open[index] as number,
        high: candles.high[index] as number,
        low: candles.low[index] as number,
        close: candles.close[index] as number,
      };
      this.exchange.updateMarket(track.assetId, bar, after);
      for (let hour = Math.floor(before / HOUR_MS) + 1; hour * HOUR_MS <= after; hour++) {
        this.exchange.applyFunding(track.assetId, this.fundingRate(track, hour * HOUR_MS), hour * HOUR_MS);
      }
    }
    return true;
  }

  /** The recorded funding rate in force at `time` (latest entry at or before it), or the baseline. */
  fundingRate(track: ReplayTrack, time: number): number {
    const series = track.funding;
    if (!series || series.length === 0) return BASELINE_HOURLY_FUNDING;
    let low = 0;
    let high = series.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((series.timestamp[middle] as number) <= time + 60_000) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found < 0 ? BASELINE_HOURLY_FUNDING : (series.rate[found] as number);
  }

  /** The funding rate in force for a coin at market time (baseline for unknown coins). */
  currentFundingRate(coin: string): number {
    const track = this.tracks.find((candidate) => candidate.coin === coin);
    return track ? this.fundingRate(track, this.marketTime()) : BASELINE_HOURLY_FUNDING;
  }

  /** Price 24 h before market time and the volume of the last 24 h (complete bars only), or null. */
  dayStatistics(
    coin: string,
  ): { previousDayPrice: number; baseVolume: number; notionalVolume: number } | null {
    const track = this.tracks.find((candidate) => candidate.coin === coin);
    if (!track) return null;
    const { candles } = track;
    const since = this.marketTime() - 24 * HOUR_MS;
    let previousDayPrice = candles.open[0] as number;
    let baseVolume = 0;
    let notionalVolume = 0;
    for (let index = this.cursor - 1; index >= 0; index--) {
      if ((candles.timestamp[index] as number) < since) {
        previousDayPrice = candles.close[index] as number;
        break;
      }
      baseVolume += candles.volume[index] as number;
      notionalVolume += (candles.volume[index] as number) * (candles.close[index] as number);
    }
    return { previousDayPrice, baseVolume, notionalVolume };
  }

  /** Funding history of a coin up to market time, `[startTime, endTime]`. */
  fundingHistory(coin: string, startTime: number, endTime: number): Array<{ time: number; rate: number }> {
    const track = this.tracks.find((candidate) => candidate.coin === coin);
    if (!track) return [];
    const end = Math.min(endTime, this.marketTime());
    const result: Array<{ time: number; rate: number }> = [];
    const first = Math.ceil(Math.max(startTime, track.candles.timestamp[0] as number) / HOUR_MS);
    for (let hour = first; hour * HOUR_MS <= end && result.length < 500; hour++) {
      result.push({ time: hour * HOUR_MS, rate: this.fundingRate(track, hour * HOUR_MS) });
    }
    return result;
  }

  /**
   * Candles of `coin` at `intervalMs` (a whole multiple of the recorded interval) whose open time lies
   * in `[startTime, endTime]`, oldest first, at most the newest `limit`. As on Hyperliquid the last one
   * is the candle in progress (see {@link currentCandle}); all others are complete.
   */
  candles(
    coin: string,
    intervalMs: number,
    startTime: number,
    endTime: number,
    limit = 5000,
  ): ReplayCandle[] {
    const track = this.trackOf(coin, intervalMs);
    if (!track) return [];
    const result = this.aggregate(track, intervalMs, startTime, endTime);
    const current = this.currentCandle(coin, intervalMs);
    if (
      current &&
      current.openTime !== result.at(-1)?.openTime &&
      current.openTime >= startTime &&
      current.openTime <= endTime
    ) {
      result.push(current);
    }
    return result.slice(-limit);
  }

  /** The candle of the bucket that holds the last complete bar (final, or partial for larger intervals). */
  latestCandle(coin: string, intervalMs: number): ReplayCandle | null {
    const track = this.trackOf(coin, intervalMs);
    if (!track) return null;
    const last = track.candles.timestamp[this.cursor - 1] as number;
    return this.aggregate(track, intervalMs, Math.floor(last / intervalMs) * intervalMs, last).at(-1) ?? null;
  }

  /**
   * The candle in progress at market time: the complete bars of the current bucket, or, when the
   * bucket has just opened, a flat candle at the last close with no volume (nothing after market
   * time is revealed).
   */
  currentCandle(coin: string, intervalMs: number): ReplayCandle | null {
    const track = this.trackOf(coin, intervalMs);
    if (!track) return null;
    const { candles } = track;
    const time = (candles.timestamp[this.cursor - 1] as number) + track.intervalMs;
    const bucket = Math.floor(time / intervalMs) * intervalMs;
    const partial = this.aggregate(track, intervalMs, bucket, bucket)[0];
    if (partial) return partial;
    const close = candles.close[this.cursor - 1] as number;
    return {
      openTime: bucket,
      closeTime: bucket + intervalMs - 1,
      open: close,
      high: close,
      low: close,
      close,
      volume: 0,
      trades: 0,
    };
  }

  private trackOf(coin: string, intervalMs: number): ReplayTrack | null {
    const track = this.tracks.find((candidate) => candidate.coin === coin);
    if (!track || intervalMs < track.intervalMs || intervalMs % track.intervalMs !== 0) return null;
    return track;
  }

  /** Aggregates the complete bars whose bucket opens in `[startTime, endTime]`. */
  private aggregate(
    track: ReplayTrack,
    intervalMs: number,
    startTime: number,
    endTime: number,
  ): ReplayCandle[] {
    const { candles } = track;
    const result: ReplayCandle[] = [];
    let current: ReplayCandle | null = null;
    for (let index = 0; index < this.cursor; index++) {
      const bucket = Math.floor((candles.timestamp[index] as number) / intervalMs) * intervalMs;
      if (bucket < startTime || bucket > endTime) continue;
      if (!current || current.openTime !== bucket) {
        if (current) result.push(current);
        current = {
          openTime: bucket,
          closeTime: bucket + intervalMs - 1,
          open: candles.open[index] as number,
          high: candles.high[index] as number,
          low: candles.low[index] as number,
          close: candles.close[index] as number,
          volume: candles.volume[index] as number,
          trades: 1,
        };
      } else {
        current.high = Math.max(current.high, candles.high[index] as number);
        current.low = Math.min(current.low, candles.low[index] as number);
        current.close = candles.close[index] as number;
        current.volume += candles.volume[index] as number;
        current.trades++;
      }
    }
    if (current) result.push(current);
    return result;
  }
}
