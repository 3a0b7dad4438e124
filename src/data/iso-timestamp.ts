/**
 * Byte-level ISO-8601 date/datetime parsing to integer ms UTC, without allocating a `Date`.
 */

const CHAR_0 = 48;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_COLON = 58;
const CHAR_SPACE = 32;
const CHAR_UPPER_T = 84;
const CHAR_LOWER_T = 116;
const CHAR_UPPER_Z = 90;
const CHAR_LOWER_Z = 122;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Value of `count` ASCII digits at `bytes[index…]`, or -1 when one of them is not a digit. */
function readDigits(bytes: Uint8Array, index: number, count: number): number {
  let value = 0;
  for (let offset = 0; offset < count; offset++) {
    const digit = (bytes[index + offset] as number) - CHAR_0;
    // Written so that reading past the array (undefined → NaN) also fails.
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's `days_from_civil`).
 *
 * @param month 1–12.
 * @param day 1–31.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Parses an ISO-8601 date or datetime in `bytes[start, end)` to ms since the epoch (UTC).
 *
 * Accepted: `YYYY-MM-DD` (00:00 UTC of that date), optionally followed by `T` or a space and
 * `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff…` (fraction of 1–9 digits, truncated to ms), optionally
 * followed by a zone: `Z`, `±HH:MM`, `±HHMM` or `±HH`. A datetime without a zone is taken as UTC
 * (not local time, unlike `Date.parse`). Fields are range-checked (month 1–12, day within the
 * month, hour 0–23, minute and second 0–59, offset below 24 h).
 *
 * @returns integer ms UTC, or `NaN` when the text is not such a date.
 */
export function parseIsoTimestamp(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 10) return Number.NaN;
  const year = readDigits(bytes, start, 4);
  const month = readDigits(bytes, start + 5, 2);
  const day = readDigits(bytes, start + 8, 2);
  if (
    year < 0 ||
    month < 1 ||
    day < 1 ||
    bytes[start + 4] !== CHAR_MINUS ||
    bytes[start + 7] !== CHAR_MINUS
  ) {
    return Number.NaN;
  }
  if (month > 12 || day > daysInMonth(year, month)) return Number.NaN;
  let time = daysFromCivil(year, month, day) * DAY_MS;
  let index = start + 10;
  if (index === end) return time;

  const separator = bytes[index] as number;
  if (separator !== CHAR_UPPER_T && separator !== CHAR_LOWER_T && separator !== CHAR_SPACE) return Number.NaN;
  index++;
  if (end - index < 5 || bytes[index + 2] !== CHAR_COLON) return Number.NaN;
  const hour = readDigits(bytes, index, 2);
  const minute = readDigits(bytes, index + 3, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  time += hour * HOUR_MS + minute * MINUTE_MS;
  index += 5;
  if (index < end && bytes[index] === CHAR_COLON) {
    if (end - index < 3) return Number.NaN;
    const second = readDigits(bytes, index + 1, 2);
    if (second < 0 || second > 59) return Number.NaN;
    time += second * 1000;
    index += 3;
    if (index < end && bytes[index] === CHAR_DOT) {
      index++;
      let fractionDigits = 0;
      let milliseconds = 0;
      while (index < end) {
        const digit = (bytes[index] as number) - CHAR_0;
        if (digit < 0 || digit > 9) break;
        if (fractionDigits < 3) milliseconds = milliseconds * 10 + digit;
        fractionDigits++;
        index++;
      }
      if (fractionDigits === 0 || fractionDigits > 9) return Number.NaN;
      if (fractionDigits === 1) milliseconds *= 100;
      else if (fractionDigits === 2) milliseconds *= 10;
      time += milliseconds;
    }
  }
  if (index === end) return time;

  const zone = bytes[index] as number;
  if (zone === CHAR_UPPER_Z || zone === CHAR_LOWER_Z) return index + 1 === end ? time : Number.NaN;
  if (zone !== CHAR_PLUS && zone !== CHAR_MINUS) return Number.NaN;
  index++;
  const remaining = end - index;
  const offsetHours = readDigits(bytes, index, 2);
  let offsetMinutes = 0;
  if (remaining === 2) {
    offsetMinutes = 0;
  } else if (remaining === 4) {
    offsetMinutes = readDigits(bytes, index + 2, 2);
  } else if (remaining === 5 && bytes[index + 2] === CHAR_COLON) {
    offsetMinutes = readDigits(bytes, index + 3, 2);
  } else {
    return Number.NaN;
  }
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return Number.NaN;
  const offset = offsetHours * HOUR_MS + offsetMinutes * MINUTE_MS;
  // Local time = UTC + offset, so UTC = local time − offset.
  return zone === CHAR_PLUS ? time - offset : time + offset;
}

const encoder = new TextEncoder();

/** {@link parseIsoTimestamp} for a string: ms UTC, or `NaN` when `text` is not an ISO date. */
export function parseIsoTimestampText(text: string): number {
  const bytes = encoder.encode(text);
  return parseIsoTimestamp(bytes, 0, bytes.length);
}
