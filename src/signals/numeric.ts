/** Small numeric helpers shared by the detection engine (not exported from the folder). */

/** `value` limited to `[minimum, maximum]`. */
export function clamp(value: number, minimum: number, maximum: number): number {
  return Math.max(minimum, Math.min(value, maximum));
}

/** Mean of `values[from..to)`; `NaN` for an empty range. */
export function meanOf(values: Float64Array, from: number, to: number): number {
  if (to <= from) return Number.NaN;
  let sum = 0;
  for (let index = from; index < to; index++) sum += values[index] as number;
  return sum / (to - from);
}

/** Population standard deviation of `values[from..to)`; 0 for fewer than 2 values. */
export function standardDeviationOf(values: Float64Array, from: number, to: number): number {
  const count = to - from;
  if (count < 2) return 0;
  const mean = meanOf(values, from, to);
  let sum = 0;
  for (let index = from; index < to; index++) {
    const deviation = (values[index] as number) - mean;
    sum += deviation * deviation;
  }
  return Math.sqrt(sum / count);
}

/** Least-squares slope of `values[from..to)` against `0, 1, 2, …`; 0 for fewer than 2 values. */
export function slopeOf(values: Float64Array, from: number, to: number): number {
  const count = to - from;
  if (count < 2) return 0;
  const meanX = (count - 1) / 2;
  const meanY = meanOf(values, from, to);
  let numerator = 0;
  let denominator = 0;
  for (let index = from; index < to; index++) {
    const x = index - from - meanX;
    numerator += x * ((values[index] as number) - meanY);
    denominator += x * x;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Rounds to 6 decimals, so that reasoning records stay short and compare exactly in JSON. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
