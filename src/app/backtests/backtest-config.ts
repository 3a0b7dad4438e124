import { z } from "zod";

/** A backtest request as the API and the job queue carry it (validated at the edge, stored as JSON). */
export const BacktestConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    strategy: z.string().min(1).max(200).describe("bundled strategy name, e.g. sma-cross"),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    dataset: z.string().min(1).max(300).describe("data set id from GET /api/backtesting/datasets"),
    cash: z.number().positive().max(1e12).default(10_000),
    commission: z.number().min(0).max(0.1).optional(),
    maker: z.number().min(-0.01).max(0.1).optional(),
    taker: z.number().min(0).max(0.1).optional(),
    slippageBps: z.number().min(0).max(1000).optional(),
    leverage: z.number().min(1).max(100).default(1),
    sizing: z
      .string()
      .regex(
        /^(all-in|fraction:[0-9.]+|units:[0-9.]+|risk:[0-9.]+)$/,
        "expected all-in, fraction:F, units:N or risk:F",
      )
      .default("all-in"),
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    exclusiveOrders: z.boolean().default(false),
    finalizeTrades: z.boolean().default(false),
    risk: z.boolean().default(false),
    riskLimits: z
      .record(z.string(), z.union([z.number(), z.string(), z.array(z.array(z.string()))]))
      .optional(),
  })
  .strict()
  .refine(
    (config) => config.commission === undefined || (config.maker === undefined && config.taker === undefined),
    {
      message: "give commission or maker/taker, not both",
      path: ["commission"],
    },
  );

/** A validated backtest configuration. */
export type BacktestConfig = z.infer<typeof BacktestConfigSchema>;
