import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal, parseDecimalText } from "../../src/data/index.ts";

const same = (text: string): void => {
  const parsed = parseDecimalText(text);
  if (!Object.is(parsed, Number(text)))
    expect.fail(`parseDecimalText(${JSON.stringify(text)}) = ${parsed}, Number() = ${Number(text)}`);
};

const digits = (maxLength: number) =>
  fc.array(fc.constantFrom(..."0123456789"), { maxLength }).map((characters) => characters.join(""));

/** Texts in the grammar: [sign] digits [. digits] [e [sign] digits], at least one mantissa digit. */
const decimalText = fc
  .tuple(
    fc.constantFrom("", "-", "+"),
    digits(20),
    fc.option(digits(20), { nil: undefined }),
    fc.option(
      fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "-", "+"), fc.integer({ min: 0, max: 400 })),
      {
        nil: undefined,
      },
    ),
  )
  .filter(([, integer, fraction]) => integer.length + (fraction?.length ?? 0) > 0)
  .map(
    ([sign, integer, fraction, exponent]) =>
      `${sign}${integer}${fraction === undefined ? "" : `.${fraction}`}${exponent ? `${exponent[0]}${exponent[1]}${exponent[2]}` : ""}`,
  );

describe("parseDecimal", () => {
  it("equals Number() on hand-picked cases", () => {
    for (const text of [
      "0",
      "-0",
      "-0.0",
      "+0e10",
      "1",
      "42",
      "4.255",
      "25259.1",
      "1.25e-05",
      "1.25287e-05",
      "-2.69e-05",
      "1690848000000",
      "0.1",
      "0.3",
      ".5",
      "5.",
      "9007199254740991",
      "9007199254740992",
      "9007199254740993",
      "123456789012345678901234567890",
      "1e22",
      "1e23",
      "1e-22",
      "1e-23",
      "4.9e-324",
      "2e-324",
      "1.7976931348623157e308",
      "1e309",
      "-1e309",
      "0.000000000000000000000000000001",
      "20.370001",
      "1.000000000000000000000000000000001",
    ]) {
      same(text);
    }
  });

  it("returns NaN for text that is not a plain decimal", () => {
    for (const text of [
      "",
      "-",
      "+",
      ".",
      "e5",
      "1e",
      "1e+",
      "1.2.3",
      "0x10",
      "1_000",
      " 1",
      "1 ",
      "NaN",
      "Infinity",
      "1,5",
      "--1",
      "١",
    ]) {
      expect(parseDecimalText(text), text).toBeNaN();
    }
  });

  it("parses a sub-range of a byte array", () => {
    const bytes = new TextEncoder().encode("xx,12.5,yy");
    expect(parseDecimal(bytes, 3, 7)).toBe(12.5);
    expect(parseDecimal(bytes, 3, 3)).toBeNaN();
  });

  it("property: equals Number(text) for every text in the decimal grammar", () => {
    fc.assert(fc.property(decimalText, same), { numRuns: 20_000 });
  });

  it("property: equals Number() on the shortest, fixed and exponential renderings of any double", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 20 }),
        (value, precision) => {
          same(String(value));
          same(value.toExponential(precision));
          same(value.toPrecision(precision + 1));
          if (Math.abs(value) < 1e21) same(value.toFixed(precision));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("property: any string gives NaN or exactly Number(string)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789.eE+- xa"), maxLength: 12 }), (text) => {
        const parsed = parseDecimalText(text);
        if (!Number.isNaN(parsed)) expect(Object.is(parsed, Number(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
