import type { JsonSchema, StrategyView } from "./api-types.ts";

/** One parameter of a bundled strategy as `GET /api/strategies` describes it. */
export interface StrategyParameterView {
  name: string;
  type: string;
  default: unknown;
  minimum: number | null;
  maximum: number | null;
  choices: unknown[] | null;
  description: string;
}

/** A strategy a bot or a backtest can run: a bundled one, or a stored configuration of one. */
export interface StrategyChoice {
  /** Unique key of the option. */
  key: string;
  /** The bundled strategy's name, as `strategyType` / `strategy` of a request. */
  strategyType: string;
  label: string;
  /** Parameters to send: the stored configuration's, or none (the strategy's defaults) for a bundled one. */
  params: Record<string, string | number | boolean>;
  parameters: StrategyParameterView[];
}

interface BundledDescription {
  name: string;
  description?: string;
  parameters?: StrategyParameterView[];
  jsonSchema?: JsonSchema;
}

interface StrategiesAnswer {
  bundled?: BundledDescription[];
  stored?: Array<{
    id: string;
    name: string;
    strategyType: string;
    description?: string | null;
    params?: Record<string, unknown>;
    enabled?: boolean;
  }>;
}

function scalarParams(
  params: Record<string, unknown> | undefined,
): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      result[key] = value;
    }
  }
  return result;
}

function answerOf(value: unknown): StrategiesAnswer {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as StrategiesAnswer)
    : {};
}

/** The strategies list (`{bundled, stored}`) as rows of the Strategies page: bundled first. */
export function strategyRows(value: unknown): StrategyView[] {
  if (Array.isArray(value)) return value as StrategyView[];
  const answer = answerOf(value);
  return [
    ...(answer.bundled ?? []).map(
      (strategy): StrategyView => ({
        name: strategy.name,
        strategyType: strategy.name,
        description: strategy.description ?? null,
        source: "bundled",
        ...(strategy.jsonSchema ? { paramSchema: strategy.jsonSchema } : {}),
      }),
    ),
    ...(answer.stored ?? []).map(
      (stored): StrategyView => ({
        id: stored.id,
        name: stored.name,
        strategyType: stored.strategyType,
        description: stored.description ?? null,
        source: "stored",
        ...(stored.enabled !== undefined ? { enabled: stored.enabled } : {}),
        params: stored.params ?? {},
        ...(() => {
          const schema = answer.bundled?.find((bundled) => bundled.name === stored.strategyType)?.jsonSchema;
          return schema ? { paramSchema: schema } : {};
        })(),
      }),
    ),
  ];
}

/** The choices of a strategy picker: every bundled strategy, then every enabled stored configuration. */
export function strategyChoices(value: unknown): StrategyChoice[] {
  const answer = answerOf(value);
  const bundled = answer.bundled ?? [];
  const parametersOf = (name: string) => bundled.find((strategy) => strategy.name === name)?.parameters ?? [];
  return [
    ...bundled.map((strategy) => ({
      key: `bundled:${strategy.name}`,
      strategyType: strategy.name,
      label: strategy.description ? `${strategy.name} — ${strategy.description}` : strategy.name,
      params: {},
      parameters: strategy.parameters ?? [],
    })),
    ...(answer.stored ?? [])
      .filter((stored) => stored.enabled !== false)
      .map((stored) => ({
        key: `stored:${stored.id}`,
        strategyType: stored.strategyType,
        label: `${stored.name} (${stored.strategyType}, saved)`,
        params: scalarParams(stored.params),
        parameters: parametersOf(stored.strategyType),
      })),
  ];
}

/**
 * `key=value` pairs separated by commas or new lines to parameters: numbers and booleans are typed, the
 * rest kept as text.
 * @throws {Error} naming the pair that has no `=` or no name.
 */
export function parseParamText(text: string): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const part of text.split(/[,\n]/)) {
    const pair = part.trim();
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = equals > 0 ? pair.slice(0, equals).trim() : "";
    if (name === "") throw new Error(`parameter "${pair}" is not written as name=value`);
    const raw = pair.slice(equals + 1).trim();
    result[name] =
      raw === "true"
        ? true
        : raw === "false"
          ? false
          : raw !== "" && Number.isFinite(Number(raw))
            ? Number(raw)
            : raw;
  }
  return result;
}

/** Parameters back to the `name=value, …` text of {@link parseParamText}. */
export function paramText(params: Record<string, string | number | boolean>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
}

/** A one-line hint of a strategy's parameters and their defaults ("fast=10, slow=20"). */
export function parameterHint(parameters: readonly StrategyParameterView[]): string {
  return parameters.map((parameter) => `${parameter.name}=${String(parameter.default ?? "")}`).join(", ");
}
