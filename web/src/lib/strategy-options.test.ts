import { describe, expect, it } from "vitest";
import {
  parameterHint,
  paramText,
  parseParamText,
  strategyChoices,
  strategyRows,
} from "./strategy-options.ts";

const answer = {
  bundled: [
    {
      name: "sma-cross",
      description: "two moving averages",
      parameters: [
        {
          name: "fast",
          type: "number",
          default: 10,
          minimum: 1,
          maximum: null,
          choices: null,
          description: "",
        },
        {
          name: "slow",
          type: "number",
          default: 20,
          minimum: 2,
          maximum: null,
          choices: null,
          description: "",
        },
      ],
      jsonSchema: { type: "object", properties: { fast: { type: "number" } } },
    },
  ],
  stored: [
    {
      id: "s1",
      name: "fast cross",
      strategyType: "sma-cross",
      params: { fast: 3, nested: {} },
      enabled: true,
    },
    { id: "s2", name: "off", strategyType: "sma-cross", params: {}, enabled: false },
  ],
};

describe("strategy options", () => {
  it("offers bundled strategies and enabled stored configurations with their parameters", () => {
    const choices = strategyChoices(answer);
    expect(choices.map((choice) => choice.key)).toEqual(["bundled:sma-cross", "stored:s1"]);
    expect(choices[0]).toMatchObject({
      strategyType: "sma-cross",
      label: "sma-cross — two moving averages",
      params: {},
    });
    expect(choices[1]).toMatchObject({ strategyType: "sma-cross", params: { fast: 3 } });
    expect(parameterHint(choices[1]?.parameters ?? [])).toBe("fast=10, slow=20");
    expect(strategyChoices(null)).toEqual([]);
  });

  it("lists bundled and stored strategies as rows with the bundled parameter schema", () => {
    const rows = strategyRows(answer);
    expect(rows.map((row) => [row.name, row.source])).toEqual([
      ["sma-cross", "bundled"],
      ["fast cross", "stored"],
      ["off", "stored"],
    ]);
    expect(rows[1]?.paramSchema).toEqual(answer.bundled[0]?.jsonSchema);
  });

  it("parses name=value pairs, typing numbers and booleans, and names a malformed pair", () => {
    expect(parseParamText("fast=3, slow = 20\nallowShort=false, mode=swing")).toEqual({
      fast: 3,
      slow: 20,
      allowShort: false,
      mode: "swing",
    });
    expect(parseParamText("  ")).toEqual({});
    expect(() => parseParamText("fast=3, slow")).toThrow('parameter "slow" is not written as name=value');
    expect(() => parseParamText("=4")).toThrow('parameter "=4"');
    expect(paramText({ fast: 3, allowShort: true })).toBe("fast=3, allowShort=true");
  });
});
