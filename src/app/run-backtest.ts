import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type BacktestOutput,
  buildBacktestOutput,
  FUNDING_TOLERANCE_MS,
  type ProgressListener,
  renderHtmlReport,
  runBacktest,
} from "../backtest/index.ts";
import { OperationalError, ValidationError } from "../core/errors.ts";
import {
  type CandleSeries,
  loadCandleFile,
  loadFundingSettlements,
  parseIsoTimestampText,
  sliceCandleSeries,
} from "../data/index.ts";
import { type AccountMode, createInstrument, type Instrument } from "../domain/index.ts";
import {
  parseSizing,
  RiskGate,
  STRATEGY_INTERFACE_VERSION,
  type StrategyDefinition,
} from "../engine/index.ts";
import { resolveRiskLimits } from "../risk/index.ts";
import { findBundledStrategy } from "../strategies/index.ts";
import { type FeeModel, HYPERLIQUID_BASE_FEES, type IntrabarPath } from "../venues/matching/index.ts";
import { backtestWarnings } from "./backtest-warnings.ts";

/** Input of {@link runBacktestJob}: the `hlbot backtest` flags, still as the user typed them where it matters. */
export interface BacktestRequest {
  dataFiles: readonly string[];
  strategy: string;
  /** `key=value` pairs. */
  params?: readonly string[];
  cash?: number;
  commission?: number;
  maker?: number;
  taker?: number;
  slippageBps?: number;
  fundingFile?: string;
  leverage?: number;
  /** `all-in | fraction:F | units:N | risk:F`; default all-in. */
  sizing?: string;
  exclusiveOrders?: boolean;
  finalizeTrades?: boolean;
  from?: string;
  to?: string;
  account?: AccountMode;
  intrabarPath?: IntrabarPath;
  /** Write a self-contained HTML report here. */
  reportFile?: string;
  /** Put the risk manager in the order path. */
  risk?: boolean;
  /** `key=value` overrides of the risk limits (numbers, or JSON for lists). */
  riskLimits?: readonly string[];
  onProgress?: ProgressListener;
}

/** Result of {@link runBacktestJob}. */
export interface BacktestJobResult {
  output: BacktestOutput;
  strategy: { name: string; params: Record<string, unknown> };
  instruments: string[];
  reportFile: string | undefined;
  /** One line each: what about the run a user should know that is not an error (see `backtestWarnings`). */
  warnings: string[];
}

const DAY_MS = 86_400_000;

function positiveNumber(value: number | undefined, field: string, fallback: number, minimum = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= minimum) {
    throw new ValidationError(`--${field} must be a number > ${minimum}, got ${value}`, { field });
  }
  return value;
}

function feeModel(request: BacktestRequest): FeeModel {
  const rate = (value: number | undefined, field: string) => {
    if (value === undefined) return undefined;
    if (!Number.isFinite(value) || value < 0 || value >= 0.1) {
      throw new ValidationError(`--${field} must be a fee rate in [0, 0.1), got ${value}`, { field });
    }
    return value;
  };
  const commission = rate(request.commission, "commission");
  const maker = rate(request.maker, "maker");
  const taker = rate(request.taker, "taker");
  if (commission !== undefined && (maker !== undefined || taker !== undefined)) {
    throw new ValidationError("use either --commission or --maker/--taker, not both", {
      field: "commission",
    });
  }
  if (commission !== undefined) return { kind: "flat", rate: commission };
  if (maker !== undefined || taker !== undefined) {
    if (HYPERLIQUID_BASE_FEES.kind !== "maker-taker") throw new Error("unreachable");
    return {
      kind: "maker-taker",
      makerRate: maker ?? HYPERLIQUID_BASE_FEES.makerRate,
      takerRate: taker ?? HYPERLIQUID_BASE_FEES.takerRate,
    };
  }
  return HYPERLIQUID_BASE_FEES;
}

function parseTime(text: string | undefined, field: "from" | "to"): number | undefined {
  if (text === undefined) return undefined;
  const time = parseIsoTimestampText(text.trim());
  if (Number.isNaN(time)) {
    throw new ValidationError(`--${field} ${JSON.stringify(text)} is not an ISO-8601 date or time`, {
      field,
    });
  }
  // A bare date as --to includes that whole day.
  return field === "to" && /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? time + DAY_MS - 1 : time;
}

function selectRange(
  series: CandleSeries,
  from: number | undefined,
  to: number | undefined,
  file: string,
): CandleSeries {
  let first = 0;
  let last = series.length;
  if (from !== undefined) while (first < series.length && (series.timestamp[first] as number) < from) first++;
  if (to !== undefined) while (last > first && (series.timestamp[last - 1] as number) > to) last--;
  if (last <= first) throw new ValidationError(`${file}: no bars between --from and --to`, { field: "from" });
  return first === 0 && last === series.length ? series : sliceCandleSeries(series, first, last);
}

function instrumentFor(file: string, taken: Set<string>): Instrument {
  const name = basename(file, extname(file));
  let id = name;
  for (let suffix = 2; taken.has(id); suffix++) id = `${name}#${suffix}`;
  taken.add(id);
  const symbol = name.split(/[-_.]/)[0] || name;
  return createInstrument({ id, symbol, kind: /perp/i.test(name) ? "perpetual" : "spot" });
}

function isStrategyDefinition(value: unknown): value is StrategyDefinition<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<StrategyDefinition<unknown>>;
  return (
    typeof candidate.name === "string" &&
    typeof candidate.create === "function" &&
    candidate.paramsSchema !== undefined
  );
}

/** Finds a strategy by registry name or loads it from a module path (`./my-strategy.ts`). */
export async function loadStrategyDefinition(reference: string): Promise<StrategyDefinition<unknown>> {
  const bundled = findBundledStrategy(reference);
  if (bundled) return bundled;
  const looksLikePath = /[/\\]/.test(reference) || /\.(ts|mts|js|mjs)$/.test(reference);
  if (!looksLikePath) {
    throw new ValidationError(
      `unknown strategy ${JSON.stringify(reference)} (bundled: sma-cross; or give a file path)`,
      {
        field: "strategy",
      },
    );
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(reference)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ValidationError(
      `cannot load strategy file ${reference}: ${(error as Error).message.split("\n")[0]}`,
      {
        field: "strategy",
        cause: error,
      },
    );
  }
  const candidates = [module.default, module.strategy, ...Object.values(module)].filter(isStrategyDefinition);
  const definition = candidates[0];
  if (definition === undefined) {
    throw new ValidationError(`${reference} does not export a strategy (name, paramsSchema, create)`, {
      field: "strategy",
    });
  }
  if (definition.interfaceVersion !== STRATEGY_INTERFACE_VERSION) {
    throw new ValidationError(
      `${reference}: strategy interface version ${definition.interfaceVersion} is not supported (expected ${STRATEGY_INTERFACE_VERSION})`,
      { field: "strategy" },
    );
  }
  return definition;
}

/**
 * Parses `key=value` params against the strategy's schema.
 *
 * @throws ValidationError naming the param and the problem (unknown key, wrong type, out of range).
 */
export function parseStrategyParams(
  definition: StrategyDefinition<unknown>,
  pairs: readonly string[],
): Record<string, unknown> {
  const raw: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0)
      throw new ValidationError(`--param ${JSON.stringify(pair)}: expected key=value`, { field: "param" });
    raw[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  const parsed = definition.paramsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    if (issue && "keys" in issue && Array.isArray(issue.keys)) {
      throw new ValidationError(
        `unknown param ${(issue.keys as string[]).join(", ")} for strategy ${definition.name}`,
        { field: "param" },
      );
    }
    const value = path in raw ? ` (got ${JSON.stringify(raw[path])})` : "";
    throw new ValidationError(
      `invalid param${path ? ` ${path}` : ""} for strategy ${definition.name}: ${issue?.message ?? "invalid"}${value}`,
      { field: path ? `param.${path}` : "param" },
    );
  }
  return parsed.data as Record<string, unknown>;
}

/** Parses `key=value` risk-limit overrides: numbers as numbers, JSON for lists, other text as is. */
function parseRiskOverrides(pairs: readonly string[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf("=");
    if (separator <= 0) {
      throw new ValidationError(`--risk-limit ${JSON.stringify(pair)} is not key=value`, {
        field: "riskLimit",
      });
    }
    const key = pair.slice(0, separator);
    const text = pair.slice(separator + 1);
    let value: unknown = text;
    if (text.trim() !== "" && Number.isFinite(Number(text))) value = Number(text);
    else if (/^[[{]/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch {
        throw new ValidationError(`--risk-limit ${key}: ${JSON.stringify(text)} is not valid JSON`, {
          field: "riskLimit",
        });
      }
    }
    overrides[key] = value;
  }
  return overrides;
}

/** Reads lightweight-charts' standalone build so the report can inline it. */
function chartLibrarySource(): string {
  const relative = "node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js";
  const candidates = [
    fileURLToPath(new URL(`../../${relative}`, import.meta.url)),
    resolve(process.cwd(), relative),
  ];
  for (const path of candidates) {
    if (existsSync(path)) return readFileSync(path, "utf8");
  }
  throw new OperationalError(
    `lightweight-charts is not installed (looked for ${candidates[0]}); run npm install`,
  );
}

/**
 * The `hlbot backtest` use case: validates flags, loads data (and funding), runs the strategy,
 * computes statistics and optionally writes the HTML report.
 *
 * @throws ValidationError for every bad input (missing or malformed file, unknown strategy or param,
 *   out-of-range value); the message names the problem in one line.
 */
export async function runBacktestJob(request: BacktestRequest): Promise<BacktestJobResult> {
  if (request.dataFiles.length === 0) throw new ValidationError("--data FILE is required", { field: "data" });
  const cash = positiveNumber(request.cash, "cash", 10_000);
  const leverage = positiveNumber(request.leverage, "leverage", 1, 0);
  if (leverage < 1 || leverage > 100) {
    throw new ValidationError(`--leverage must be between 1 and 100, got ${leverage}`, { field: "leverage" });
  }
  const slippageBps = request.slippageBps ?? 0;
  if (!Number.isFinite(slippageBps) || slippageBps < 0 || slippageBps > 1000) {
    throw new ValidationError(`--slippage-bps must be between 0 and 1000, got ${slippageBps}`, {
      field: "slippageBps",
    });
  }
  const fees = feeModel(request);
  const sizing = parseSizing(request.sizing ?? "all-in");
  const from = parseTime(request.from, "from");
  const to = parseTime(request.to, "to");
  if (from !== undefined && to !== undefined && to < from) {
    throw new ValidationError(`--to ${request.to} is before --from ${request.from}`, { field: "to" });
  }
  const definition = await loadStrategyDefinition(request.strategy);
  const params = parseStrategyParams(definition, request.params ?? []);

  const loadStarted = performance.now();
  const taken = new Set<string>();
  const instruments: Instrument[] = [];
  const series: CandleSeries[] = [];
  for (const file of request.dataFiles) {
    instruments.push(instrumentFor(file, taken));
    series.push(selectRange(loadCandleFile(file), from, to, file));
  }
  // Settled on whole hours: recorded times carry jitter (see fundingSettlements).
  const fundingFile =
    request.fundingFile === undefined
      ? undefined
      : { file: request.fundingFile, rates: loadFundingSettlements(request.fundingFile) };
  const loadMs = performance.now() - loadStarted;
  const riskGate = request.risk
    ? new RiskGate(
        instruments,
        resolveRiskLimits(parseRiskOverrides(request.riskLimits ?? [])),
        leverage,
        cash,
        (series[0] as CandleSeries).timestamp[0] ?? 0,
      )
    : undefined;

  const run = runBacktest({
    instruments,
    series,
    ...(fundingFile ? { funding: [fundingFile.rates] } : {}),
    strategy: definition.create(params),
    cash,
    mode: request.account ?? "perpetual",
    leverage,
    fees,
    slippageBps,
    intrabarPath: request.intrabarPath ?? "stop-first",
    sizing,
    exclusiveOrders: request.exclusiveOrders ?? false,
    finalizeTrades: request.finalizeTrades ?? false,
    ...(riskGate ? { riskGate } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  });
  const output = buildBacktestOutput(run, loadMs);
  if (request.reportFile !== undefined) {
    const html = renderHtmlReport({
      title: `${definition.name} on ${instruments.map((instrument) => instrument.id).join(", ")}`,
      candles: series[0] as CandleSeries,
      instrument: (instruments[0] as Instrument).id,
      output,
      chartLibrary: chartLibrarySource(),
    });
    try {
      writeFileSync(request.reportFile, html);
    } catch (error) {
      throw new ValidationError(`cannot write report ${request.reportFile}: ${(error as Error).message}`, {
        field: "report",
        cause: error,
      });
    }
  }
  return {
    output,
    strategy: { name: definition.name, params },
    instruments: instruments.map((instrument) => instrument.id),
    reportFile: request.reportFile,
    warnings: backtestWarnings({
      account: request.account ?? "perpetual",
      unsentOrders: run.unsentOrders,
      orders: output.orders,
      series: series[0] as CandleSeries,
      ...(fundingFile ? { funding: fundingFile } : {}),
      fundingToleranceMs: FUNDING_TOLERANCE_MS,
    }),
  };
}

export type { BacktestOutput, StatisticsOutput, TradeOutput } from "../backtest/index.ts";
