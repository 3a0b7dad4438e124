import { hostname } from "node:os";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";
import type { Database } from "../../storage/index.ts";
import { renderPerformanceHtml } from "./performance-html.ts";
import { type PerformanceReport, performanceReport, REPORT_PERIODS } from "./performance-report.ts";

/** The pg-boss queue of report jobs. */
export const REPORT_QUEUE = "report";
/** A report still `running` this long after it was requested is marked failed (its worker died). */
export const REPORT_STALE_AFTER_MS = 10 * 60_000;

const ReportRequest = z
  .object({ period: z.enum(REPORT_PERIODS, { error: `period must be one of ${REPORT_PERIODS.join(", ")}` }) })
  .strict();

/** A report job as the API shows it. */
export interface ReportJobView {
  id: string;
  kind: "performance";
  period: (typeof REPORT_PERIODS)[number];
  status: "pending" | "running" | "completed" | "failed";
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** The report once completed (covers the period ending when it was requested). */
  report: PerformanceReport | null;
}

interface Row {
  id: string;
  kind: "performance";
  period: ReportJobView["period"];
  status: ReportJobView["status"];
  error: string | null;
  result: unknown;
  created_at: Date;
  finished_at: Date | null;
}

function view(row: Row): ReportJobView {
  return {
    id: row.id,
    kind: row.kind,
    period: row.period,
    status: row.status,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    report: (row.result as PerformanceReport | null) ?? null,
  };
}

const COLUMNS = ["id", "kind", "period", "status", "error", "result", "created_at", "finished_at"] as const;

/**
 * Performance reports as jobs: requested through the API, computed by any worker (`npm start`'s or
 * `hlbot worker`), stored with their HTML rendering, so any replica serves them.
 */
export class ReportJobService {
  constructor(
    private readonly database: Database,
    private readonly boss: PgBoss,
  ) {}

  /** Creates the queue if it does not exist yet. */
  static async prepare(boss: PgBoss): Promise<void> {
    await boss.createQueue(REPORT_QUEUE, {
      name: REPORT_QUEUE,
      retryLimit: 0,
      expireInSeconds: 3600,
    } as PgBoss.Queue);
  }

  /**
   * Stores a report request and queues it.
   * @throws {ValidationError} naming the bad field; nothing is stored then.
   */
  async create(input: unknown, requestedBy: string | null): Promise<ReportJobView> {
    const parsed = ReportRequest.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join(".") || "body";
      throw new ValidationError(`${field}: ${issue?.message ?? "invalid"}`, { field });
    }
    const row = await this.database
      .insertInto("reports")
      .values({ period: parsed.data.period, requested_by: requestedBy })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const jobId = await this.boss.send(REPORT_QUEUE, { reportId: row.id }, { retryLimit: 0 });
    if (!jobId) throw new Error("the job queue refused the report");
    await this.database.updateTable("reports").set({ job_id: jobId }).where("id", "=", row.id).execute();
    return view(row as Row);
  }

  /** @throws {NotFoundError} */
  async get(id: string): Promise<ReportJobView> {
    const row = await this.database
      .selectFrom("reports")
      .select(COLUMNS)
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no report ${id}`);
    return view(row as Row);
  }

  /** Newest first. */
  async list(limit = 50): Promise<ReportJobView[]> {
    const rows = await this.database
      .selectFrom("reports")
      .select(COLUMNS)
      .orderBy("created_at", "desc")
      .limit(limit)
      .execute();
    return rows.map((row) => view(row as Row));
  }

  /** The HTML rendering; @throws {NotFoundError}, {ValidationError} while not completed. */
  async html(id: string): Promise<string> {
    const row = await this.database
      .selectFrom("reports")
      .select(["status", "html"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no report ${id}`);
    if (row.status !== "completed" || row.html === null) {
      throw new ValidationError(`report ${id} is ${row.status}, not completed`, { field: "id" });
    }
    return row.html;
  }
}

/** Marks reports whose worker died (still running long after the request) as failed; returns how many. */
export async function failStaleReports(database: Database, now = new Date()): Promise<number> {
  const rows = await database
    .updateTable("reports")
    .set({ status: "failed", error: "worker stopped before the report was done", finished_at: now })
    .where("status", "=", "running")
    .where("created_at", "<", new Date(now.getTime() - REPORT_STALE_AFTER_MS))
    .returning("id")
    .execute();
  return rows.length;
}

/**
 * Takes report jobs from the queue: claims the row (pending → running, so no report is computed twice),
 * computes the report for the period ending at the request time, renders its HTML and stores both, or
 * stores the reason it failed.
 */
export async function startReportWorker(options: {
  boss: PgBoss;
  database: Database;
  logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const { boss, database, logger } = options;
  const worker = `${hostname()}:${process.pid}`;
  const runOne = async (reportId: string): Promise<void> => {
    const claimed = await database
      .updateTable("reports")
      .set({ status: "running" })
      .where("id", "=", reportId)
      .where("status", "=", "pending")
      .returning(["period", "created_at"])
      .executeTakeFirst();
    if (!claimed) return;
    try {
      const report = await performanceReport(database, claimed.period, claimed.created_at);
      await database
        .updateTable("reports")
        .set({
          status: "completed",
          result: JSON.stringify(report),
          html: renderPerformanceHtml(report),
          finished_at: new Date(),
        })
        .where("id", "=", reportId)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ event: "report_failed", reportId, worker, reason: message }, "report failed");
      await database
        .updateTable("reports")
        .set({ status: "failed", error: message.slice(0, 2000), finished_at: new Date() })
        .where("id", "=", reportId)
        .execute();
    }
  };
  await boss.work<{ reportId: string }>(
    REPORT_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      for (const job of jobs) await runOne(job.data.reportId);
    },
  );
  const reaper = setInterval(() => {
    failStaleReports(database).catch(() => undefined);
  }, 60_000);
  reaper.unref();
  return {
    stop: async () => {
      clearInterval(reaper);
      await boss.offWork(REPORT_QUEUE);
    },
  };
}
