import { describe, expect, it } from "vitest";
import {
  analyzeMarketStructure,
  buildSupportResistanceZones,
  DEFAULT_STRUCTURE_PARAMETERS,
  DEFAULT_SWING_PARAMETERS,
  detectSwingPoints,
  findChangesOfCharacter,
  type StructureBreak,
  type StructureParameters,
  trendFromSwings,
} from "../../src/signals/index.ts";
import { seriesFromRows, zigzagRows } from "./candle-builder.ts";

const ANY_STRENGTH: StructureParameters = {
  ...DEFAULT_STRUCTURE_PARAMETERS,
  swing: { ...DEFAULT_SWING_PARAMETERS, minimumStrength: 0 },
};
const LEG = 8;
// Up in higher highs and higher lows, then a break below the last low and lower highs / lows.
const REVERSAL = [100, 110, 105, 115, 110, 120, 100, 106, 96, 102, 92];

describe("swing points", () => {
  const series = seriesFromRows(zigzagRows(REVERSAL, LEG));
  const swings = detectSwingPoints(series, 0, series.length, ANY_STRENGTH.swing);

  it("finds every interior pivot and nothing else", () => {
    const highs = swings.filter((swing) => swing.kind === "high").map((swing) => [swing.index, swing.price]);
    const lows = swings.filter((swing) => swing.kind === "low").map((swing) => [swing.index, swing.price]);
    expect(highs).toEqual([
      [8, 110.6],
      [24, 115.6],
      [40, 120.6],
      [56, 106.6],
      [72, 102.6],
    ]);
    expect(lows).toEqual([
      [16, 104.4],
      [32, 109.4],
      [48, 99.4],
      [64, 95.4],
    ]);
    for (const swing of swings) {
      expect(swing.confirmed).toBe(true);
      expect(swing.strength).toBeGreaterThan(0);
      expect(swing.strength).toBeLessThanOrEqual(1);
      expect(swing.timestamp).toBe(series.timestamp[swing.index]);
    }
  });

  it("needs swingPeriods candles on each side (no swing is known early)", () => {
    const truncated = detectSwingPoints(series, 0, 44, ANY_STRENGTH.swing);
    expect(truncated.map((swing) => swing.index)).toEqual([8, 16, 24, 32]);
  });

  it("weighs volume into the strength and drops weak swings", () => {
    const rows = zigzagRows(REVERSAL, LEG);
    const loud = rows.map((row, index) =>
      index === 24 ? ([row[0], row[1], row[2], row[3], 400] as const) : row,
    );
    const quiet = detectSwingPoints(seriesFromRows(rows), 0, rows.length, ANY_STRENGTH.swing).find(
      (s) => s.index === 24,
    );
    const strong = detectSwingPoints(seriesFromRows(loud), 0, rows.length, ANY_STRENGTH.swing).find(
      (s) => s.index === 24,
    );
    expect(strong?.strength).toBeGreaterThan(quiet?.strength ?? 1);
    const filtered = detectSwingPoints(seriesFromRows(rows), 0, rows.length, {
      ...DEFAULT_SWING_PARAMETERS,
      minimumStrength: (quiet?.strength ?? 0) + 1e-9,
    });
    expect(filtered.some((swing) => swing.index === 24)).toBe(false);
  });

  it("leaves a swing unconfirmed when later candles exceed it within confirmationPeriods", () => {
    const rows = zigzagRows([100, 110, 105, 115], LEG);
    const parameters = { ...ANY_STRENGTH.swing, swingPeriods: 2, confirmationPeriods: 6 };
    // A 2-bar swing high at a minor bump, exceeded 3 bars later (past its 2-bar window).
    rows[12] = [107, 112, 106.9, 107.5];
    const later = rows[15] ?? [0, 0, 0, 0];
    rows[15] = [later[0], 113, later[2], later[3]];
    const swings = detectSwingPoints(seriesFromRows(rows), 0, rows.length, parameters);
    const bump = swings.find((swing) => swing.index === 12 && swing.kind === "high");
    expect(bump?.confirmed).toBe(false);
  });
});

describe("market structure", () => {
  it("reads an uptrend from higher highs and higher lows", () => {
    const series = seriesFromRows(zigzagRows([100, 110, 105, 115, 110, 120, 115, 125], LEG));
    const structure = analyzeMarketStructure(series, 0, series.length, ANY_STRENGTH);
    expect(structure).toMatchObject({ trend: "LONG", trendStrength: 0.8, trendConfidence: 0.9 });
    expect(structure.breaks.every((item) => item.kind === "bos_high")).toBe(true);
    expect(structure.breaks.map((item) => item.swingPrice)).toEqual([110.6, 115.6, 120.6]);
    expect(structure.changesOfCharacter).toEqual([]);
    expect(structure.slope).toBeGreaterThan(0);
  });

  it("finds breaks of structure and the change of character of a reversal", () => {
    const series = seriesFromRows(zigzagRows(REVERSAL, LEG));
    const structure = analyzeMarketStructure(series, 0, series.length, ANY_STRENGTH);
    const breaks = structure.breaks.map((item) => [item.kind, item.swingPrice]);
    expect(breaks).toEqual([
      ["bos_high", 110.6],
      ["bos_high", 115.6],
      ["bos_low", 109.4],
      ["bos_low", 104.4],
      ["bos_low", 99.4],
      ["bos_low", 95.4],
    ]);
    for (const item of structure.breaks) {
      expect(item.index).toBeGreaterThan(item.swingIndex);
      const close = series.close[item.index] as number;
      expect(item.price).toBe(close);
      expect(item.kind === "bos_high" ? close > item.swingPrice : close < item.swingPrice).toBe(true);
      // The break is the first close beyond the swing.
      for (let index = item.swingIndex + 1; index < item.index; index++) {
        const earlier = series.close[index] as number;
        expect(item.kind === "bos_high" ? earlier <= item.swingPrice : earlier >= item.swingPrice).toBe(true);
      }
    }
    expect(structure.changesOfCharacter).toHaveLength(1);
    expect(structure.lastChangeOfCharacter).toMatchObject({ from: "LONG", to: "SHORT" });
    expect(structure.lastChangeOfCharacter?.structureBreak.swingPrice).toBe(109.4);
    expect(structure).toMatchObject({ trend: "SHORT", trendStrength: 0.8 });
    expect(structure.momentum).toBeLessThan(0);
  });

  it("scores a change of character with the original formula", () => {
    const bos = (direction: "LONG" | "SHORT", volumeConfirmed: boolean): StructureBreak => ({
      kind: direction === "LONG" ? "bos_high" : "bos_low",
      direction,
      swingIndex: 0,
      swingPrice: 1,
      index: 1,
      timestamp: 0,
      price: 1,
      strength: 0.5,
      volumeConfirmed,
    });
    const changes = findChangesOfCharacter(
      [bos("SHORT", false), bos("LONG", true), bos("LONG", false)],
      0.8,
      0.1,
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]?.confidence).toBeCloseTo(0.3 * 0.5 + 0.3 + 0.2 * 0.8 + 0.2, 12);
  });

  it("is empty below 50 candles", () => {
    const series = seriesFromRows(zigzagRows([100, 110, 105, 115, 110, 120], LEG));
    expect(series.length).toBeLessThan(50);
    const structure = analyzeMarketStructure(series, 0, series.length, ANY_STRENGTH);
    expect(structure).toMatchObject({ trend: null, swingHighs: [], breaks: [], lastBreak: null });
  });

  it("classifies trends from the last two swings of each kind", () => {
    const swing = (kind: "high" | "low", price: number) => ({
      kind,
      price,
      index: 0,
      timestamp: 0,
      strength: 1,
      confirmed: true,
    });
    const highs = (a: number, b: number) => [swing("high", a), swing("high", b)];
    const lows = (a: number, b: number) => [swing("low", a), swing("low", b)];
    expect(trendFromSwings(highs(1, 2), lows(1, 2))).toEqual({
      trend: "LONG",
      strength: 0.8,
      confidence: 0.9,
    });
    expect(trendFromSwings(highs(2, 1), lows(2, 1))).toEqual({
      trend: "SHORT",
      strength: 0.8,
      confidence: 0.9,
    });
    expect(trendFromSwings(highs(1, 2), lows(2, 2))).toEqual({
      trend: "LONG",
      strength: 0.5,
      confidence: 0.6,
    });
    expect(trendFromSwings(highs(2, 2), lows(2, 1))).toEqual({
      trend: "SHORT",
      strength: 0.5,
      confidence: 0.6,
    });
    expect(trendFromSwings(highs(2, 2), lows(1, 1))).toEqual({ trend: null, strength: 0, confidence: 0 });
    expect(trendFromSwings(highs(1, 2), [swing("low", 1)])).toEqual({
      trend: null,
      strength: 0,
      confidence: 0,
    });
  });
});

describe("support and resistance zones", () => {
  // A range: three tops at 110 and three bottoms at 104, then a drift back into the middle.
  const series = seriesFromRows(zigzagRows([100, 110, 104, 110, 104, 110, 104, 107], LEG));
  const swings = detectSwingPoints(series, 0, series.length, ANY_STRENGTH.swing);

  it("clusters swings within 0.2 % into zones with touches and strength", () => {
    const zones = buildSupportResistanceZones(swings, series, 0, series.length);
    expect(zones.map((zone) => [zone.kind, zone.price, zone.touches, zone.active])).toEqual([
      ["resistance", 110.6, 3, true],
      ["support", 103.4, 3, true],
    ]);
    const resistance = zones[0];
    const points = swings.filter((swing) => swing.kind === "high");
    const meanStrength = points.reduce((sum, swing) => sum + swing.strength, 0) / points.length;
    const spanHours = (points[2]?.timestamp ?? 0) / 3_600_000 - (points[0]?.timestamp ?? 0) / 3_600_000;
    expect(resistance?.strength).toBeCloseTo(
      0.4 * (3 / 5) + 0.4 * meanStrength + 0.2 * Math.min(spanHours / 24, 1),
      12,
    );
    expect(resistance).toMatchObject({
      width: 0,
      firstTouch: series.timestamp[8],
      lastTouch: series.timestamp[40],
    });
  });

  it("expires zones whose last touch is too old and breaks zones closed through", () => {
    const expired = buildSupportResistanceZones(swings, series, 0, series.length, {
      touchTolerance: 0.002,
      minimumTouches: 2,
      maximumAgeMs: 3_600_000,
      breakLookback: 20,
    });
    expect(expired.every((zone) => !zone.active && !zone.broken)).toBe(true);
    const rows = zigzagRows([100, 110, 104, 110, 104, 110, 104, 113], LEG);
    const breakout = seriesFromRows(rows);
    const zones = buildSupportResistanceZones(
      detectSwingPoints(breakout, 0, rows.length, ANY_STRENGTH.swing),
      breakout,
      0,
      rows.length,
    );
    expect(zones.find((zone) => zone.kind === "resistance")).toMatchObject({ broken: true, active: false });
    const structure = analyzeMarketStructure(breakout, 0, rows.length, ANY_STRENGTH);
    expect(structure.resistanceZones).toEqual([]);
    expect(structure.supportZones.map((zone) => zone.price)).toEqual([103.4]);
  });
});
