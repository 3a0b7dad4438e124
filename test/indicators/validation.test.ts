import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.ts";
import {
  AverageDirectionalIndex,
  AverageTrueRange,
  averageTrueRange,
  BollingerBands,
  DonchianChannel,
  donchianChannel,
  ExponentialMovingAverage,
  MovingAverageConvergenceDivergence,
  RelativeStrengthIndex,
  SimpleMovingAverage,
  StochasticOscillator,
  simpleMovingAverage,
  VolumeWeightedAveragePrice,
  volumeWeightedAveragePrice,
  WeightedMovingAverage,
} from "../../src/indicators/index.ts";

const BAD_PERIODS: unknown[] = [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, "14", undefined];

const periodConstructors: Array<[string, (period: number) => unknown]> = [
  ["SimpleMovingAverage", (period) => new SimpleMovingAverage(period)],
  ["ExponentialMovingAverage", (period) => new ExponentialMovingAverage(period)],
  ["WeightedMovingAverage", (period) => new WeightedMovingAverage(period)],
  ["RelativeStrengthIndex", (period) => new RelativeStrengthIndex(period)],
  ["AverageTrueRange", (period) => new AverageTrueRange(period)],
  ["DonchianChannel", (period) => new DonchianChannel(period)],
  ["AverageDirectionalIndex", (period) => new AverageDirectionalIndex(period)],
  ["simpleMovingAverage", (period) => simpleMovingAverage(new Float64Array(3), period)],
];

/** Runs `create` and returns the ValidationError it must throw. */
function validationErrorOf(create: () => unknown): ValidationError {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError, but nothing was thrown");
}

describe("parameter validation", () => {
  describe.each(periodConstructors)("%s", (_name, create) => {
    it.each(BAD_PERIODS)("rejects period %s naming the parameter and the value", (period) => {
      const error = validationErrorOf(() => create(period as number));
      expect(error.field).toBe("period");
      expect(error.message).toContain("period must be a positive integer");
      expect(error.message).toContain(`received ${String(period)}`);
    });
  });

  it.each([
    [{ period: 0 }, "period"],
    [{ multiplier: 0 }, "multiplier"],
    [{ multiplier: -2 }, "multiplier"],
    [{ multiplier: Number.NaN }, "multiplier"],
  ])("Bollinger rejects %o", (options, field) => {
    expect(validationErrorOf(() => new BollingerBands(options)).field).toBe(field);
  });

  it.each([
    [{ fastPeriod: 26, slowPeriod: 12 }, "fastPeriod"],
    [{ fastPeriod: 12, slowPeriod: 12 }, "fastPeriod"],
    [{ signalPeriod: 0 }, "signalPeriod"],
    [{ slowPeriod: 1.5 }, "slowPeriod"],
  ])("MACD rejects %o", (options, field) => {
    const error = validationErrorOf(() => new MovingAverageConvergenceDivergence(options));
    expect(error.field).toBe(field);
  });

  it("names both MACD periods when fast is not below slow", () => {
    const error = validationErrorOf(() => new MovingAverageConvergenceDivergence({ fastPeriod: 30 }));
    expect(error.message).toBe(
      "fastPeriod must be smaller than slowPeriod, received fastPeriod 30 and slowPeriod 26",
    );
  });

  it.each([
    [{ period: -3 }, "period"],
    [{ kSmoothing: 0 }, "kSmoothing"],
    [{ dPeriod: 1.1 }, "dPeriod"],
  ])("Stochastic rejects %o", (options, field) => {
    expect(validationErrorOf(() => new StochasticOscillator(options)).field).toBe(field);
  });

  it("VWAP rejects an unknown anchor and the utc-day anchor without timestamps", () => {
    const unknown = validationErrorOf(
      () => new VolumeWeightedAveragePrice({ anchor: "week" as unknown as "none" }),
    );
    expect(unknown.message).toBe("anchor must be one of none, utc-day, received week");
    const column = new Float64Array(2);
    const missing = validationErrorOf(() =>
      volumeWeightedAveragePrice(
        { high: column, low: column, close: column, volume: column },
        { anchor: "utc-day" },
      ),
    );
    expect(missing.field).toBe("timestamp");
    const anchored = new VolumeWeightedAveragePrice({ anchor: "utc-day" });
    expect(validationErrorOf(() => anchored.update(2, 1, 1.5, 10)).message).toBe(
      'the "utc-day" anchor needs a finite bar timestamp in ms, received NaN',
    );
  });

  it("batch functions reject columns of different lengths, naming the column", () => {
    const error = validationErrorOf(() =>
      averageTrueRange(
        { high: new Float64Array(3), low: new Float64Array(3), close: new Float64Array(2) },
        2,
      ),
    );
    expect(error.field).toBe("close");
    expect(error.message).toBe(
      "column close has 2 values but high has 3; the columns must have equal length",
    );
    expect(
      validationErrorOf(() => donchianChannel({ high: new Float64Array(1), low: new Float64Array(0) }, 1))
        .field,
    ).toBe("low");
  });

  it("accepts the defaults and empty input", () => {
    expect(new BollingerBands()).toMatchObject({ period: 20, multiplier: 2, warmUpLength: 19 });
    expect(new MovingAverageConvergenceDivergence()).toMatchObject({
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
    });
    expect(new StochasticOscillator()).toMatchObject({
      period: 14,
      kSmoothing: 1,
      dPeriod: 3,
      warmUpLength: 13,
    });
    expect(simpleMovingAverage(new Float64Array(0), 5)).toHaveLength(0);
  });
});

describe("VWAP without volume", () => {
  it("is NaN until a bar with volume arrives and again after each UTC midnight", () => {
    const day = 86_400_000;
    const indicator = new VolumeWeightedAveragePrice({ anchor: "utc-day" });
    expect(indicator.update(12, 9, 9, 0, day - 60_000)).toBeNaN();
    expect(indicator.isReady).toBe(false);
    expect(indicator.update(12, 9, 9, 2, day - 30_000)).toBe(10);
    expect(indicator.update(30, 30, 30, 2, day - 1)).toBe(20);
    expect(indicator.update(5, 5, 5, 0, day)).toBeNaN();
    expect(indicator.update(6, 6, 6, 1, day + 1)).toBe(6);
    expect(indicator.isReady).toBe(true);
    const cumulative = new VolumeWeightedAveragePrice();
    cumulative.update(12, 9, 9, 2);
    expect(cumulative.update(5, 5, 5, 2, day)).toBe(7.5);
  });
});
