import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DEFAULT_MAX_CANDLES, loadBacktestCandles } from "../../app/backtests/backtest-candles.ts";
import type { BacktestService } from "../../app/backtests/backtest-service.ts";
import { type DatasetFolders, listDatasets } from "../../app/backtests/datasets.ts";
import { ValidationError } from "../../core/errors.ts";

const IdParams = z.object({ id: z.uuid({ error: "id must be a UUID" }) });
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const UploadQuery = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "expected a file name of letters, digits, . _ -")
    .default("upload.csv"),
});
const CandlesQuery = z.object({
  maxBars: z.coerce
    .number({ error: "maxBars must be a whole number between 100 and 5000" })
    .int("maxBars must be a whole number between 100 and 5000")
    .min(100, "maxBars must be a whole number between 100 and 5000")
    .max(DEFAULT_MAX_CANDLES, "maxBars must be a whole number between 100 and 5000")
    .default(DEFAULT_MAX_CANDLES)
    .describe("most bars to return; more are resampled to a coarser interval"),
});
const UPLOAD_LIMIT = 100 * 1024 * 1024;

/** Backtests as jobs: submit, list, status with progress and ETA, results, cancel, data sets and CSV upload. */
export async function backtestRoutes(
  app: FastifyInstance,
  options: { backtests: BacktestService; folders: DatasetFolders },
): Promise<void> {
  const { backtests, folders } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: "viewer", rateLimitTier: "read" } as const;
  const write = { access: "strategist", rateLimitTier: "mutation" } as const;

  app.addContentTypeParser(
    ["text/csv", "application/octet-stream"],
    { parseAs: "buffer", bodyLimit: UPLOAD_LIMIT },
    (_request, body, done) => done(null, body),
  );

  routes.post(
    "/api/backtesting",
    { schema: { tags: ["backtests"] }, config: write },
    async (request, reply) => {
      const created = await backtests.create(request.body, request.user?.userId ?? null);
      return reply.status(202).send(created);
    },
  );

  routes.get(
    "/api/backtesting",
    { schema: { querystring: ListQuery, tags: ["backtests"] }, config: read },
    async (request) => backtests.list(request.query.limit, request.query.offset),
  );

  routes.get("/api/backtesting/datasets", { schema: { tags: ["backtests"] }, config: read }, async () => ({
    datasets: listDatasets(folders),
  }));

  routes.post(
    "/api/backtesting/upload-data",
    { schema: { querystring: UploadQuery, tags: ["backtests"] }, config: write, bodyLimit: UPLOAD_LIMIT },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new ValidationError("send the CSV as the request body with Content-Type: text/csv", {
          field: "body",
        });
      }
      return reply.status(201).send(await backtests.upload(request.body, request.query.name));
    },
  );

  routes.get(
    "/api/backtesting/:id",
    { schema: { params: IdParams, tags: ["backtests"] }, config: read },
    async (request) => backtests.get(request.params.id),
  );

  routes.get(
    "/api/backtesting/:id/status",
    { schema: { params: IdParams, tags: ["backtests"] }, config: read },
    async (request) => {
      const { id, status, progress, etaSeconds, error } = await backtests.get(request.params.id);
      return { id, status, progress, etaSeconds, error };
    },
  );

  routes.get(
    "/api/backtesting/:id/trades",
    { schema: { params: IdParams, tags: ["backtests"] }, config: read },
    async (request) => ({
      trades: (await backtests.results(request.params.id)).trades,
    }),
  );

  routes.get(
    "/api/backtesting/:id/equity-curve",
    { schema: { params: IdParams, tags: ["backtests"] }, config: read },
    async (request) => (await backtests.results(request.params.id)).equity,
  );

  routes.get(
    "/api/backtesting/:id/candles",
    {
      schema: {
        params: IdParams,
        querystring: CandlesQuery,
        tags: ["backtests"],
        summary: "The OHLCV candles the backtest runs on",
        description:
          "The bars of the backtest's data set inside its from/to range, column by column (timestamps in ms " +
          "UTC, open, high, low, close, volume). Above maxBars (default 5000) they are resampled to the " +
          "smallest coarser interval that fits (open of the first bar, highest high, lowest low, close of " +
          "the last, summed volume); `interval`, `sourceInterval`, `sourceBars` and `downsampled` say what " +
          "was done. Available in every status, as the data set is known from the start.",
      },
      config: read,
    },
    async (request) => {
      const { config } = await backtests.get(request.params.id);
      return loadBacktestCandles(config, folders, request.query.maxBars);
    },
  );

  routes.delete(
    "/api/backtesting/:id",
    { schema: { params: IdParams, tags: ["backtests"] }, config: write },
    async (request) => backtests.cancel(request.params.id),
  );
}
