const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Money in USD, with an explicit sign when `signed`. */
export function formatMoney(value: number | null | undefined, signed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const text = usd.format(value);
  return signed && value > 0 ? `+${text}` : text;
}

/** A fraction (0.25) as a percentage ("25.0 %"). */
export function formatFraction(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${(value * 100).toFixed(digits)} %`;
}

/** A value already in percent units (3 = "3.00 %"), with an explicit sign when `signed`. */
export function formatPercent(value: number | null | undefined, digits = 2, signed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const sign = signed && value > 0 ? "+" : "";
  return `${sign}${value.toFixed(digits)} %`;
}

/** A price or size with up to `digits` significant decimals and no trailing zeros. */
export function formatNumber(value: number | null | undefined, maximumFractionDigits = 6): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { maximumFractionDigits });
}

/** A duration in minutes as "3 d 4 h", "2 h 05 m" or "12 m". */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) return "—";
  const total = Math.floor(minutes);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const rest = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(rest).padStart(2, "0")} m`;
  return `${rest} m`;
}

/** A timestamp as local "YYYY-MM-DD HH:MM". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "profit", "loss" or "flat", for colouring a P&L figure. */
export function pnlTone(value: number | null | undefined): "profit" | "loss" | "flat" {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return "flat";
  return value > 0 ? "profit" : "loss";
}
