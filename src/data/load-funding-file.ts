import { readFileSync } from "node:fs";
import { ValidationError } from "../core/errors.ts";
import { type FundingSeries, parseFundingCsv } from "./funding-csv-parser.ts";
import { fundingSettlements } from "./funding-settlements.ts";

/**
 * Reads and parses a `timestamp,funding_rate` CSV file (see {@link parseFundingCsv}). Funding files
 * are small, so there is no binary cache.
 *
 * @param path file path; error messages name it as given.
 * @throws ValidationError when the file does not exist; CandleFileError when its content is invalid.
 */
export function loadFundingFile(path: string): FundingSeries {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ValidationError(`funding file ${path} does not exist`, { field: "path", cause: error });
    }
    throw error;
  }
  return parseFundingCsv(bytes, { source: path });
}

/**
 * {@link loadFundingFile} with each record on the whole hour it settles at (see
 * `fundingSettlements`): what a backtest, a replay or the simulator charges.
 *
 * @throws as {@link loadFundingFile}, and ValidationError when two records settle in one hour.
 */
export function loadFundingSettlements(path: string): FundingSeries {
  return fundingSettlements(loadFundingFile(path), path);
}
