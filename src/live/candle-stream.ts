import { CandleSnapshotResponse, CandleWire, parseWire } from "../venues/hyperliquid/index.ts";

/**
 * Closes bars from the venue's candle pushes, without a round trip: the venue pushes a candle's updates
 * in order, so the first push of the next interval makes the last pushed state of the previous one
 * final. A bar is handed out only when it directly follows the last closed one (no gap, no reconnect in
 * between, see {@link CandleStream.reset}); otherwise the caller fetches closed bars as before.
 */
export class CandleStream {
  private latest: CandleWire | undefined;

  /** @param intervalMs the bar interval, ms. */
  constructor(private readonly intervalMs: number) {}

  /** Forgets the latest push (after a disconnect pushes may have been missed). */
  reset(): void {
    this.latest = undefined;
  }

  /**
   * Takes a push (parsed, not trusted: a malformed one resets the stream) and returns the bar it
   * closes, or undefined when it closes none or the bar would not follow `lastClosedTime` (ms UTC).
   */
  closedBy(push: unknown, lastClosedTime: number): CandleWire | undefined {
    const parsed = CandleWire.safeParse(push);
    if (!parsed.success) {
      this.latest = undefined;
      return undefined;
    }
    const candle = parsed.data;
    const previous = this.latest;
    this.latest = candle;
    if (
      previous === undefined ||
      candle.t !== previous.t + this.intervalMs ||
      previous.t !== lastClosedTime + this.intervalMs
    ) {
      return undefined;
    }
    return previous;
  }
}

/**
 * Fetches the venue's record of a bar closed from the stream and returns a sentence naming the
 * difference (open, high, low or close), or undefined when they agree or the venue has no record.
 */
export async function differenceFromRecord(
  info: {
    candleSnapshot(params: {
      coin: string;
      interval: never;
      startTime: number;
      endTime: number;
    }): Promise<unknown>;
  },
  coin: string,
  interval: string,
  streamed: CandleWire,
): Promise<string | undefined> {
  const raw = await info.candleSnapshot({
    coin,
    interval: interval as never,
    startTime: streamed.t,
    endTime: streamed.t,
  });
  const recorded = parseWire(CandleSnapshotResponse, raw, "candleSnapshot").find(
    (candle) => candle.t === streamed.t,
  );
  if (recorded === undefined) return undefined;
  const differing = (["o", "h", "l", "c"] as const).filter(
    (field) => Number(recorded[field]) !== Number(streamed[field]),
  );
  if (differing.length === 0) return undefined;
  return `bar ${new Date(streamed.t).toISOString()} closed from the stream differs from the venue's record in ${differing
    .map((field) => `${field} (${streamed[field]} vs ${recorded[field]})`)
    .join(", ")}`;
}
