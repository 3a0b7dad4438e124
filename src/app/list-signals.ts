import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ValidationError } from "../core/errors.ts";
import { inferIntervalMs, parseCandleCsv } from "../data/index.ts";
import {
  DEFAULT_STRUCTURE_PARAMETERS,
  DEFAULT_SWING_PARAMETERS,
  detectSignals,
  type Signal,
} from "../signals/index.ts";
import { CONFLUENCE_PROFILES, type ConfluenceParams, ConfluenceParamsSchema } from "../strategies/index.ts";

/**
 * Every confluence signal of a candle file with its scores and reasoning, using the `confluence`
 * strategy's parameters (`key=value` pairs), exactly as the strategy would see them bar by bar.
 * @throws {ValidationError} for an unreadable or malformed file, bad params, or a profile that does not fit the bars.
 */
export async function listSignals(
  file: string,
  params: readonly string[],
): Promise<{ params: ConfluenceParams; signals: Signal[] }> {
  const values: Record<string, string> = {};
  for (const pair of params) {
    const separator = pair.indexOf("=");
    if (separator <= 0)
      throw new ValidationError(`--param ${JSON.stringify(pair)} is not key=value`, { field: "param" });
    values[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  const parsed = ConfluenceParamsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "param";
    throw new ValidationError(`--param ${field}: ${issue?.message ?? "invalid"}`, { field });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ValidationError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "read error"}`,
      { field: "data" },
    );
  }
  const series = parseCandleCsv(bytes, { source: basename(file) });
  const profile = CONFLUENCE_PROFILES[parsed.data.profile];
  try {
    const signals = detectSignals(series, {
      baseIntervalMs: inferIntervalMs(series) ?? 60_000,
      higherTimeframes: profile.higherTimeframes.map((timeframe) => ({ ...timeframe })),
      lowerTimeframes: [...profile.lowerTimeframes],
      minimumTotalScore: parsed.data.minimumTotalScore,
      minimumAlignment: parsed.data.minimumAlignment,
      minimumEntryConfidence: parsed.data.minimumEntryConfidence,
      structure: {
        ...DEFAULT_STRUCTURE_PARAMETERS,
        swing: { ...DEFAULT_SWING_PARAMETERS, minimumStrength: parsed.data.minimumSwingStrength },
      },
    });
    return { params: parsed.data, signals };
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        `${error.message} (profile ${parsed.data.profile}; use --param profile=swing for 1h bars)`,
        {
          field: "profile",
        },
      );
    }
    throw error;
  }
}
