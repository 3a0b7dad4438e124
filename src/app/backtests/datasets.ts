import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { NotFoundError, ValidationError } from "../../core/errors.ts";
import { PROJECT_ROOT } from "../../core/version.ts";

/** A candle file a backtest can run on. */
export interface Dataset {
  /** `shared:FILE.csv` (bundled market data) or `upload:UUID.csv` (uploaded through the API). */
  id: string;
  name: string;
  bytes: number;
}

/** Folders data sets come from. */
export interface DatasetFolders {
  /** Read-only market data shipped beside the project (../shared/data). */
  shared: string;
  /** Validated uploads. */
  uploads: string;
}

/** The default folders: ../shared/data beside the project and ./var/uploads. */
export function defaultDatasetFolders(): DatasetFolders {
  return { shared: resolve(PROJECT_ROOT, "../shared/data"), uploads: resolve("./var/uploads") };
}

function csvFiles(folder: string): Array<{ name: string; bytes: number }> {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".csv") && !name.includes("funding"))
    .sort()
    .map((name) => ({ name, bytes: statSync(join(folder, name)).size }));
}

/** Every data set, bundled first. */
export function listDatasets(folders: DatasetFolders): Dataset[] {
  return [
    ...csvFiles(folders.shared).map((file) => ({
      id: `shared:${file.name}`,
      name: file.name,
      bytes: file.bytes,
    })),
    ...csvFiles(folders.uploads).map((file) => ({
      id: `upload:${file.name}`,
      name: file.name,
      bytes: file.bytes,
    })),
  ];
}

/**
 * The file of a data set id.
 * @throws {ValidationError} for a malformed id; {NotFoundError} when it does not exist.
 */
export function datasetPath(folders: DatasetFolders, id: string): string {
  const match = /^(shared|upload):([A-Za-z0-9._-]+\.csv)$/.exec(id);
  if (!match)
    throw new ValidationError(
      `dataset ${JSON.stringify(id)} is not a data set id (shared:FILE.csv or upload:FILE.csv)`,
      { field: "dataset" },
    );
  const folder = match[1] === "shared" ? folders.shared : folders.uploads;
  const path = join(folder, match[2] ?? "");
  if (!existsSync(path)) throw new NotFoundError(`no data set ${id}`);
  return path;
}

/** Makes sure the uploads folder exists. */
export function ensureUploadsFolder(folders: DatasetFolders): string {
  mkdirSync(folders.uploads, { recursive: true });
  return folders.uploads;
}
