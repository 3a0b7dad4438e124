import { CandleSnapshotResponse, type CandleWire, parseWire } from "../venues/hyperliquid/index.ts";

/**
 * Closed candles of `coin` after `lastTime` (NaN: all the venue returns; at most the newest
 * `historyBars` when given) from `candleSnapshot`, and the newest candle's close (the bar in progress),
 * NaN without candles.
 */
export async function fetchClosedCandles(
  info: { candleSnapshot(params: { coin: string; interval: never; startTime: number }): Promise<unknown> },
  coin: string,
  interval: string,
  lastTime: number,
  historyBars?: number,
): Promise<{ closed: CandleWire[]; latestClose: number }> {
  const startTime = Number.isNaN(lastTime) ? 0 : lastTime + 1;
  const raw = await info.candleSnapshot({ coin, interval: interval as never, startTime });
  const candles = parseWire(CandleSnapshotResponse, raw, "candleSnapshot");
  const newest = candles.at(-1);
  let closed = candles.slice(0, -1).filter((candle) => Number.isNaN(lastTime) || candle.t > lastTime);
  if (historyBars !== undefined) closed = closed.slice(-historyBars);
  return { closed, latestClose: newest === undefined ? Number.NaN : Number(newest.c) };
}
