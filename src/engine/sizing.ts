import { ValidationError } from "../core/errors.ts";
import { type Instrument, roundQuantity } from "../domain/index.ts";

/**
 * How an order without an explicit quantity is sized, resolved when the order leaves (in a backtest:
 * at the next bar's open, with that price).
 * - `units`: a fixed size in base units.
 * - `fraction`: `fraction` of available margin × leverage, net of the taker fee.
 * - `all-in`: whole units only, `floor(available × leverage / (price · (1 + fee)))` (backtesting.py).
 * - `risk`: `fraction` of equity at risk between entry and the declared stop:
 *   `equity · fraction / |price − stop|`, capped at what the margin allows.
 */
export type Sizing =
  | { readonly mode: "units"; readonly quantity: number }
  | { readonly mode: "fraction"; readonly fraction: number }
  | { readonly mode: "all-in" }
  | { readonly mode: "risk"; readonly fraction: number };

/** Inputs of {@link resolveQuantity}. */
export interface SizingInputs {
  readonly equity: number;
  readonly availableMargin: number;
  readonly leverage: number;
  /** Expected fill price, quote per unit (> 0). */
  readonly price: number;
  readonly feeRate: number;
  /** Declared stop price or `NaN`. */
  readonly stopLossPrice: number;
}

/**
 * Turns a sizing rule into a size in base units, rounded down to the lot (whole units for
 * `all-in`). Returns 0 when nothing is affordable or the rule cannot apply (risk without a stop).
 */
export function resolveQuantity(sizing: Sizing, instrument: Instrument, inputs: SizingInputs): number {
  const affordable = (inputs.availableMargin * inputs.leverage) / (inputs.price * (1 + inputs.feeRate));
  if (!(affordable > 0) || !Number.isFinite(affordable)) return sizing.mode === "units" ? sizing.quantity : 0;
  switch (sizing.mode) {
    case "units":
      return roundQuantity(instrument, sizing.quantity);
    case "all-in":
      return Math.floor(affordable);
    case "fraction":
      return roundQuantity(instrument, affordable * sizing.fraction);
    case "risk": {
      const distance = Math.abs(inputs.price - inputs.stopLossPrice);
      if (!(distance > 0)) return 0;
      return roundQuantity(instrument, Math.min(affordable, (inputs.equity * sizing.fraction) / distance));
    }
  }
}

/**
 * Why an order's size came to 0, so it was not sent: `no_stop`, risk sizing without a stop (or with
 * the stop at the price); `no_margin`, no margin available; `below_one_unit`, all-in could not
 * afford one whole unit; `below_lot`, any other size under one lot (including a size set to ≤ 0).
 */
export type UnsentCause = "no_stop" | "no_margin" | "below_one_unit" | "below_lot";

/** Why {@link resolveQuantity} gave 0 for `sizing` with `inputs` (see {@link UnsentCause}). */
export function zeroSizeCause(
  sizing: Sizing,
  inputs: Pick<SizingInputs, "availableMargin" | "price" | "stopLossPrice">,
): UnsentCause {
  if (sizing.mode === "risk" && !(Math.abs(inputs.price - inputs.stopLossPrice) > 0)) return "no_stop";
  if (!(inputs.availableMargin > 0)) return "no_margin";
  return sizing.mode === "all-in" ? "below_one_unit" : "below_lot";
}

/**
 * Parses the CLI form `all-in | fraction:F | units:N | risk:F`.
 *
 * @throws ValidationError naming the value when the form or number is invalid (F in (0, 1], N > 0).
 */
export function parseSizing(text: string): Sizing {
  if (text === "all-in") return { mode: "all-in" };
  const [mode, raw] = text.split(":");
  const value = Number(raw);
  const bad = () =>
    new ValidationError(
      `--sizing ${JSON.stringify(text)}: expected all-in, fraction:F, units:N or risk:F (F in (0, 1], N > 0)`,
      {
        field: "sizing",
      },
    );
  if (raw === undefined || raw.trim() === "" || !Number.isFinite(value) || value <= 0) throw bad();
  if (mode === "units") return { mode: "units", quantity: value };
  if (value > 1) throw bad();
  if (mode === "fraction") return { mode: "fraction", fraction: value };
  if (mode === "risk") return { mode: "risk", fraction: value };
  throw bad();
}
