import { readFileSync } from "node:fs";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
  name: string;
};

/** The version of the hlbot package, read from package.json. */
export const APP_VERSION: string = packageJson.version;

/** The package name. */
export const APP_NAME: string = packageJson.name;

/** Absolute path of the project's root folder (where package.json lives). */
export const PROJECT_ROOT: string = new URL("../../", import.meta.url).pathname;
