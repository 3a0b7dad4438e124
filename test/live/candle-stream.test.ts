import { describe, expect, it } from "vitest";
import { CandleStream } from "../../src/live/candle-stream.ts";

const HOUR = 3_600_000;
const push = (t: number, close = "100") => ({
  t,
  T: t + HOUR - 1,
  s: "BTC",
  i: "1h",
  o: "100",
  c: close,
  h: "101",
  l: "99",
  v: "1",
  n: 1,
});

describe("closing bars from the candle stream", () => {
  it("hands out the last state of a bar when the next interval's first push arrives", () => {
    const stream = new CandleStream(HOUR);
    expect(stream.closedBy(push(10 * HOUR, "100"), 9 * HOUR)).toBeUndefined();
    expect(stream.closedBy(push(10 * HOUR, "105"), 9 * HOUR)).toBeUndefined(); // an update of the same bar
    expect(stream.closedBy(push(11 * HOUR), 9 * HOUR)).toMatchObject({ t: 10 * HOUR, c: "105" });
  });

  it("hands out nothing when the bar would not follow the last closed one, or after a gap in pushes", () => {
    const stream = new CandleStream(HOUR);
    stream.closedBy(push(10 * HOUR), 8 * HOUR);
    expect(stream.closedBy(push(11 * HOUR), 8 * HOUR)).toBeUndefined(); // bar 9 is missing
    const skipping = new CandleStream(HOUR);
    skipping.closedBy(push(10 * HOUR), 9 * HOUR);
    expect(skipping.closedBy(push(12 * HOUR), 9 * HOUR)).toBeUndefined(); // pushes of bar 11 were lost
  });

  it("forgets what it saw after a reset or a malformed push", () => {
    const stream = new CandleStream(HOUR);
    stream.closedBy(push(10 * HOUR), 9 * HOUR);
    stream.reset();
    expect(stream.closedBy(push(11 * HOUR), 9 * HOUR)).toBeUndefined();
    const malformed = new CandleStream(HOUR);
    malformed.closedBy(push(10 * HOUR), 9 * HOUR);
    expect(malformed.closedBy({ t: "soon" }, 9 * HOUR)).toBeUndefined();
    expect(malformed.closedBy(push(11 * HOUR), 9 * HOUR)).toBeUndefined();
  });
});
