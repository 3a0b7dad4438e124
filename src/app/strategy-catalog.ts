import { z } from "zod";
import type { StrategyDefinition } from "../engine/index.ts";
import { BUNDLED_STRATEGIES } from "../strategies/index.ts";

/** One parameter of a strategy: type, default, bounds, choices and description. */
export interface StrategyParameter {
  name: string;
  type: string;
  default: unknown;
  minimum: number | null;
  maximum: number | null;
  choices: unknown[] | null;
  description: string;
}

/** A strategy with its parameter schema, for `hlbot strategies list`, the API and the dashboard's form. */
export interface StrategyDescription {
  name: string;
  description: string;
  interfaceVersion: number;
  parameters: StrategyParameter[];
  /** The parameter schema as JSON Schema (input form), for generated forms. */
  jsonSchema: Record<string, unknown>;
}

type JsonProperty = {
  type?: string;
  anyOf?: JsonProperty[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
};

/** Describes a strategy definition from its zod parameter schema. */
export function describeStrategy(definition: StrategyDefinition<unknown>): StrategyDescription {
  const jsonSchema = z.toJSONSchema(definition.paramsSchema as z.ZodType, {
    io: "input",
    unrepresentable: "any",
  }) as {
    properties?: Record<string, JsonProperty>;
  };
  const defaults = (definition.paramsSchema as z.ZodType).safeParse({});
  const defaultValues = defaults.success ? (defaults.data as Record<string, unknown>) : {};
  const parameters = Object.entries(jsonSchema.properties ?? {}).map(([name, property]) => {
    const variants = property.anyOf ?? [property];
    const first = variants[0] ?? {};
    return {
      name,
      type: first.type ?? "any",
      default: defaultValues[name] ?? null,
      minimum: first.minimum ?? first.exclusiveMinimum ?? null,
      maximum: first.maximum ?? first.exclusiveMaximum ?? null,
      choices: property.enum ?? (first.type === "boolean" ? [true, false] : null),
      description: property.description ?? "",
    };
  });
  return {
    name: definition.name,
    description: definition.description,
    interfaceVersion: definition.interfaceVersion,
    parameters,
    jsonSchema: jsonSchema as Record<string, unknown>,
  };
}

/** Every bundled strategy, described. */
export function listBundledStrategies(): StrategyDescription[] {
  return [...BUNDLED_STRATEGIES.values()].map((definition) =>
    describeStrategy(definition as StrategyDefinition<unknown>),
  );
}
