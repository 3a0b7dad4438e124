import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoTimestampText } from "../../src/data/index.ts";

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

describe("parseIsoTimestamp", () => {
  it("reads dates as 00:00 UTC and honours zones", () => {
    expect(parseIsoTimestampText("2024-01-02")).toBe(Date.UTC(2024, 0, 2));
    expect(parseIsoTimestampText("2024-01-02T03:00:00Z")).toBe(Date.UTC(2024, 0, 2, 3));
    expect(parseIsoTimestampText("2024-01-02t03:00z")).toBe(Date.UTC(2024, 0, 2, 3));
    expect(parseIsoTimestampText("2024-01-02T03:00:00+02:00")).toBe(Date.UTC(2024, 0, 2, 1));
    expect(parseIsoTimestampText("2024-01-02T03:00:00-0530")).toBe(Date.UTC(2024, 0, 2, 8, 30));
    expect(parseIsoTimestampText("2024-01-02 03:00:00+01")).toBe(Date.UTC(2024, 0, 2, 2));
    expect(parseIsoTimestampText("2024-01-02T03:04:05.6")).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 600));
    expect(parseIsoTimestampText("2024-01-02T03:04:05.123456789Z")).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 123));
    expect(parseIsoTimestampText("1965-06-01")).toBe(Date.UTC(1965, 5, 1));
    expect(parseIsoTimestampText("2000-02-29")).toBe(Date.UTC(2000, 1, 29));
  });

  it("rejects impossible or malformed dates", () => {
    for (const text of [
      "",
      "2024",
      "2024-1-02",
      "2023-02-29",
      "1900-02-29",
      "2024-13-01",
      "2024-00-10",
      "2024-04-31",
      "2024-01-02T24:00",
      "2024-01-02T10:60",
      "2024-01-02T10:00:60",
      "2024-01-02T10",
      "2024-01-02T10:00:00.",
      "2024-01-02Z",
      "2024-01-02T10:00+2",
      "2024-01-02T10:00+24:00",
      "2024-01-02T10:00:00Zjunk",
      "2024/01/02",
    ]) {
      expect(parseIsoTimestampText(text), text).toBeNaN();
    }
  });

  it("property: equals Date.UTC minus the offset, and Date.parse for zoned text", () => {
    const date = fc
      .tuple(
        fc.integer({ min: 1800, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
      )
      .filter(([year, month, day]) => new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day);
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        ([year, month, day], hour, minute, second, millisecond, offsetMinutes) => {
          const sign = offsetMinutes < 0 ? "-" : "+";
          const absolute = Math.abs(offsetMinutes);
          const zone = `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
          const text = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(millisecond, 3)}${zone}`;
          const expected =
            Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
          expect(parseIsoTimestampText(text)).toBe(expected);
          expect(parseIsoTimestampText(text)).toBe(Date.parse(text));
          expect(parseIsoTimestampText(`${year}-${pad(month)}-${pad(day)}`)).toBe(
            Date.UTC(year, month - 1, day),
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
