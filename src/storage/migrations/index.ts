import type { Migration } from "kysely";
import * as initialSchema from "./0001-initial-schema.ts";
import * as passwordChangeRequired from "./0002-password-change-required.ts";
import * as riskStateDocuments from "./0003-risk-state-documents.ts";
import * as backtestRuns from "./0004-backtest-runs.ts";
import * as sweepsAndReportJobs from "./0005-sweeps-and-report-jobs.ts";
import * as signalExits from "./0006-signal-exits.ts";

/** Every migration, keyed by its ordered name. Add new ones with the next number. */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-initial-schema": initialSchema,
  "0002-password-change-required": passwordChangeRequired,
  "0003-risk-state-documents": riskStateDocuments,
  "0004-backtest-runs": backtestRuns,
  "0005-sweeps-and-report-jobs": sweepsAndReportJobs,
  "0006-signal-exits": signalExits,
};
