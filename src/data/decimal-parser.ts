/**
 * Byte-level decimal number parsing that returns exactly the double `Number(text)` returns.
 *
 * The fast path is Clinger's: when the decimal digits form an integer `m < 2^53` and the decimal
 * exponent `e` satisfies `|e| ≤ 22`, both `m` and `10^|e|` are exact doubles, so one IEEE
 * multiplication or division yields the correctly rounded result, the same one `Number()` gives.
 * Anything else that is still a plain decimal (long mantissas, large exponents) goes through `Number()`.
 */

const CHAR_0 = 48;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_LOWER_E = 101;
const CASE_BIT = 0x20;

/** 2^53: integers below it are exact doubles. */
const EXACT_INTEGER_LIMIT = 9_007_199_254_740_992;

/** 10^0 … 10^22, each an exact double. */
const POWERS_OF_TEN = new Float64Array(23);
for (let exponent = 0; exponent < POWERS_OF_TEN.length; exponent++) POWERS_OF_TEN[exponent] = 10 ** exponent;

/**
 * Parses the ASCII decimal in `bytes[start, end)`: optional sign, digits with an optional `.`
 * fraction (at least one digit in total), optional exponent (`e`/`E`, optional sign, digits),
 * e.g. `42`, `-0.5`, `.5`, `5.`, `1.25e-05`. No whitespace, no `Infinity`/`NaN`, no hex.
 *
 * @returns the same double as `Number(text)` (including `-0`, and `±Infinity` for huge exponents),
 *   or `NaN` when the text is not such a decimal (empty text included).
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  let index = start;
  if (index >= end) return Number.NaN;
  let negative = false;
  let byte = bytes[index] as number;
  if (byte === CHAR_MINUS) {
    negative = true;
    index++;
  } else if (byte === CHAR_PLUS) {
    index++;
  }
  let mantissa = 0;
  let digitCount = 0;
  let exponent = 0;
  while (index < end) {
    const digit = (bytes[index] as number) - CHAR_0;
    if (digit < 0 || digit > 9) break;
    mantissa = mantissa * 10 + digit;
    digitCount++;
    index++;
  }
  if (index < end && bytes[index] === CHAR_DOT) {
    index++;
    while (index < end) {
      const digit = (bytes[index] as number) - CHAR_0;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      digitCount++;
      exponent--;
      index++;
    }
  }
  if (digitCount === 0) return Number.NaN;
  if (index < end) {
    byte = bytes[index] as number;
    if ((byte | CASE_BIT) !== CHAR_LOWER_E) return Number.NaN;
    index++;
    let exponentNegative = false;
    if (index < end) {
      byte = bytes[index] as number;
      if (byte === CHAR_MINUS) {
        exponentNegative = true;
        index++;
      } else if (byte === CHAR_PLUS) {
        index++;
      }
    }
    let exponentValue = 0;
    let exponentDigits = 0;
    while (index < end) {
      const digit = (bytes[index] as number) - CHAR_0;
      if (digit < 0 || digit > 9) return Number.NaN;
      // Saturate: beyond 10^±100000 the result is 0 or Infinity whatever the mantissa.
      if (exponentValue < 100_000) exponentValue = exponentValue * 10 + digit;
      exponentDigits++;
      index++;
    }
    if (exponentDigits === 0) return Number.NaN;
    exponent += exponentNegative ? -exponentValue : exponentValue;
  }
  if (mantissa === 0) return negative ? -0 : 0;
  if (mantissa < EXACT_INTEGER_LIMIT) {
    let value: number;
    if (exponent === 0) value = mantissa;
    else if (exponent < 0 && exponent >= -22) value = mantissa / (POWERS_OF_TEN[-exponent] as number);
    else if (exponent > 0 && exponent <= 22) value = mantissa * (POWERS_OF_TEN[exponent] as number);
    else return slowDecimal(bytes, start, end);
    return negative ? -value : value;
  }
  return slowDecimal(bytes, start, end);
}

/** `Number()` of text already known to be a plain ASCII decimal. */
function slowDecimal(bytes: Uint8Array, start: number, end: number): number {
  let text = "";
  for (let index = start; index < end; index++) text += String.fromCharCode(bytes[index] as number);
  return Number(text);
}

const encoder = new TextEncoder();

/**
 * {@link parseDecimal} for a string: the same double as `Number(text)` when `text` is a plain
 * decimal, otherwise `NaN`.
 */
export function parseDecimalText(text: string): number {
  const bytes = encoder.encode(text);
  return parseDecimal(bytes, 0, bytes.length);
}
