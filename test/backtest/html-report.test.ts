import { describe, expect, it } from "vitest";
import { buildBacktestOutput, renderHtmlReport, runBacktest } from "../../src/backtest/index.ts";
import { createInstrument } from "../../src/domain/index.ts";
import { fromCloses, MINUTE, START } from "../engine/candle-table.ts";

const FIRST = createInstrument({ id: "FIRST-PERP.SIM" });
const SECOND = createInstrument({ id: "SECOND-PERP.SIM" });

/** One trade on each instrument: FIRST bought at bar 1's open, SECOND at bar 2's, both closed at the last open. */
function twoInstrumentOutput() {
  const run = runBacktest({
    instruments: [FIRST, SECOND],
    series: [fromCloses([100, 101, 102, 103, 104]), fromCloses([10, 11, 12, 13, 14])],
    cash: 10_000,
    fees: { kind: "flat", rate: 0 },
    sizing: { mode: "units", quantity: 1 },
    finalizeTrades: true,
    strategy: {
      onBar(ctx) {
        if (ctx.index === 0) ctx.buy({ instrument: 0 });
        if (ctx.index === 1) ctx.buy({ instrument: 1 });
      },
    },
  });
  return buildBacktestOutput(run, 0);
}

/** The `markers` array the page hands to the chart. */
function markersOf(html: string): Array<{ time: number; text: string }> {
  const match = /const markers = (\[.*?\]);\n/.exec(html);
  if (match === null) throw new Error("no markers in the report");
  return JSON.parse(match[1] as string);
}

describe("HTML report", () => {
  it("marks only the charted instrument's trades on its candles and points to the table for the rest", () => {
    const output = twoInstrumentOutput();
    expect(output.trades.map((trade) => trade.instrument)).toEqual([FIRST.id, SECOND.id]);
    const html = renderHtmlReport({
      title: "two instruments",
      candles: fromCloses([100, 101, 102, 103, 104]),
      instrument: FIRST.id,
      output,
      chartLibrary: "",
    });
    const markers = markersOf(html);
    // Entry at bar 1's open (100, the close before) and exit at the last bar's open (103): FIRST's
    // prices only (SECOND's trade is at 11 and 13).
    expect(markers.map((marker) => [marker.time, marker.text])).toEqual([
      [(START + MINUTE) / 1000, "buy 100"],
      [(START + 4 * MINUTE) / 1000, "end_of_data 103"],
    ]);
    expect(html).toContain(`Price and trades: ${FIRST.id}`);
    expect(html).toContain(`Trades of ${SECOND.id} are in the trade table below.`);
    // Both trades are in the table.
    expect(html).toContain(`<td>${SECOND.id}</td>`);
  });

  it("says nothing about other instruments when only the charted one traded", () => {
    const output = twoInstrumentOutput();
    const html = renderHtmlReport({
      title: "one instrument",
      candles: fromCloses([100, 101, 102, 103, 104]),
      instrument: FIRST.id,
      output: { ...output, trades: output.trades.filter((trade) => trade.instrument === FIRST.id) },
      chartLibrary: "",
    });
    expect(markersOf(html)).toHaveLength(2);
    expect(html).not.toContain("are in the trade table below");
  });
});
