import { describe, expect, it } from "vitest";
import { toChartTimes } from "../components/chart/chart-types.ts";
import { weeklyFromDaily } from "../features/reports/weekly.ts";
import { validateParams } from "../features/strategies/schema-form.tsx";
import { signalReasons } from "../features/trades/signal-reasoning.tsx";
import { csvField, toCsv } from "./csv.ts";
import { formatDuration, formatMoney, formatPercent } from "./format.ts";

describe("formatting and helpers", () => {
  it.each([
    [0, "0 m"],
    [59.9, "59 m"],
    [125, "2 h 05 m"],
    [1440 * 3 + 61, "3 d 1 h"],
  ])("formats %s minutes as %s", (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });

  it("formats money and percentages with signs", () => {
    expect(formatMoney(1234.5, true)).toBe("+$1,234.50");
    expect(formatMoney(-40.25, true)).toBe("-$40.25");
    expect(formatMoney(null)).toBe("—");
    expect(formatPercent(1.4425, 2, true)).toBe("+1.44 %");
  });

  it("writes CSV that spreadsheets read as text", () => {
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(-5.5)).toBe("-5.5");
    expect(
      toCsv([{ a: 1, b: "x" }], [
        ["a", (row) => row.a],
        ["b", (row) => row.b],
      ] as const),
    ).toBe("a,b\r\n1,x\r\n");
  });

  it("finds the reasoning of a signal in its usual shapes", () => {
    expect(signalReasons({ reasoning: "EMA cross", confidence: 0.7 })).toEqual(["EMA cross"]);
    expect(signalReasons({ reasons: ["a", "b"] })).toEqual(["a", "b"]);
    expect(signalReasons(null)).toEqual([]);
  });

  it("sums days into Monday-first weeks", () => {
    const weeks = weeklyFromDaily([
      { date: "2026-01-05", trades: 2, won: 1, lost: 1, winRate: 0.5, pnl: 10 },
      { date: "2026-01-04", trades: 1, won: 1, lost: 0, winRate: 1, pnl: 5 },
      { date: "2025-12-29", trades: 1, won: 0, lost: 1, winRate: 0, pnl: -3 },
    ]);
    expect(weeks.map((week) => [week.weekStart, week.trades, week.pnl])).toEqual([
      ["2026-01-05", 2, 10],
      ["2025-12-29", 2, 2],
    ]);
  });

  it("validates strategy parameters against their schema", () => {
    const schema = {
      type: "object",
      required: ["fast"],
      properties: {
        fast: { type: "integer", minimum: 2 },
        ratio: { type: "number", exclusiveMaximum: 1 },
        side: { enum: ["long", "short"] },
      },
    };
    expect(validateParams(schema, { fast: 1.5, ratio: 1, side: "both" })).toEqual({
      fast: "must be a whole number",
      ratio: "must be less than 1",
      side: "must be one of long, short",
    });
    expect(validateParams(schema, {})).toEqual({ fast: "is required" });
    expect(validateParams(schema, { fast: 5, ratio: 0.5 })).toEqual({});
  });

  it("gives the chart strictly ascending seconds", () => {
    expect(
      toChartTimes([
        { time: 3_500, value: 3 },
        { time: 1_000, value: 1 },
        { time: 3_100, value: 2 },
      ]),
    ).toEqual([
      { time: 1, value: 1 },
      { time: 3, value: 3 },
    ]);
  });
});
