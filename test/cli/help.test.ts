import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.ts";
import { runCli } from "../helpers/run-cli.ts";

/** Every command path of the CLI, e.g. ["db", "migrate"]. */
function commandPaths(): string[][] {
  const paths: string[][] = [];
  const walk = (command: ReturnType<typeof buildProgram>, prefix: string[]) => {
    for (const child of command.commands) {
      const path = [...prefix, child.name()];
      paths.push(path);
      walk(child, path);
    }
  };
  walk(buildProgram(), []);
  return paths;
}

describe("hlbot --help", () => {
  it("lists every top-level command with a description", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const name of ["start", "db", "candles"])
      expect(result.stdout).toMatch(new RegExp(`\\n\\s+${name}\\b.*\\S`));
  });

  it("describes every command and each of its options", async () => {
    const program = buildProgram();
    for (const path of commandPaths()) {
      let command = program;
      for (const name of path) command = command.commands.find((child) => child.name() === name) ?? command;
      expect(command.description(), path.join(" ")).not.toBe("");
      for (const option of command.options)
        expect(option.description, `${path.join(" ")} ${option.flags}`).not.toBe("");
    }
    const result = await runCli(["candles", "import", "--help"]);
    expect(result.code).toBe(0);
    for (const flag of ["--symbol", "--interval", "--venue", "--format"])
      expect(result.stdout).toContain(flag);
  });

  it("answers an unknown command with exit code 2", async () => {
    const result = await runCli(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command");
  });
});
