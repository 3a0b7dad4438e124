import { expect } from "vitest";
import { CANDLE_COLUMNS, type CandleSeries } from "../../src/data/index.ts";

/**
 * Asserts that two series hold the same bars, bit for bit (`Object.is` per value, so -0 ≠ 0 and
 * NaN = NaN), reporting the first difference. Much faster than `toEqual` on 100k+ bars.
 */
export function expectSameSeries(actual: CandleSeries, expected: CandleSeries): void {
  expect(actual.length).toBe(expected.length);
  for (const name of CANDLE_COLUMNS) {
    expectSameColumn(actual[name], expected[name], name);
  }
}

/** Asserts that two columns hold the same values bit for bit, reporting the first difference. */
export function expectSameColumn(actual: ArrayLike<number>, expected: ArrayLike<number>, name: string): void {
  expect(actual.length, `${name} length`).toBe(expected.length);
  for (let index = 0; index < expected.length; index++) {
    if (!Object.is(actual[index], expected[index])) {
      expect.fail(`${name}[${index}]: ${actual[index]} !== ${expected[index]}`);
    }
  }
}
