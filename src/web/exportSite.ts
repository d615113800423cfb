/**
 * `vieweratlas export-site DIR`: the web map as static files for any web host (S3 + CDN, GitHub Pages…):
 * the built app, runs.json (the same shape as GET /api/runs), and runs/<id>/web.json with the run's
 * downloadable files. The app finds runs.json when there is no /api and reads everything relative to its page.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { InputError, LakeError } from "../core/index.js";
import type { LakeStore } from "../lake/index.js";
import { BUNDLE_FILE, DOWNLOAD_FILES, type RunList } from "./app/bundleTypes.js";
import { APP_FILES } from "./build.js";
import { isRunId, LATEST_ALIAS, RunCatalog } from "./runCatalog.js";

export interface ExportSiteOptions {
  /** Folder of the built app (ensureWebApp().dir). */
  appDir: string;
  /** A run id, `latest` (the default) or `all`. */
  runs?: string;
}

export interface ExportedSite {
  dir: string;
  runs: string[];
  /** Runs left out because they have no web bundle (analysed with --no-render). */
  skipped: string[];
  files: number;
  bytes: number;
}

export async function exportSite(lake: LakeStore, outDir: string, options: ExportSiteOptions): Promise<ExportedSite> {
  const which = options.runs ?? LATEST_ALIAS;
  if (which !== "all" && !isRunId(which)) throw new InputError(`export-site: ${JSON.stringify(which)} is not a run id (or latest, all)`);
  const catalog = new RunCatalog(lake);
  const list = await catalog.list();
  if (list.runs.length === 0) throw new LakeError(`export-site: no analysis run in ${lake.location}; run \`vieweratlas analyze\` or \`vieweratlas demo\``);
  let ids: string[];
  if (which === "all") ids = list.runs.map((r) => r.id);
  else {
    const id = await catalog.resolve(which);
    if (!id) throw new InputError(`export-site: no complete run ${which} in ${lake.location}`);
    ids = [id];
  }

  const site: ExportedSite = { dir: outDir, runs: [], skipped: [], files: 0, bytes: 0 };
  const write = async (rel: string, body: Uint8Array | string) => {
    const file = path.join(outDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, body);
    site.files++;
    site.bytes += typeof body === "string" ? Buffer.byteLength(body) : body.length;
  };
  for (const id of ids) {
    const bundle = await catalog.bundleBytes(id);
    if (!bundle) {
      site.skipped.push(id);
      continue;
    }
    await write(`runs/${id}/${BUNDLE_FILE}`, bundle);
    for (const name of DOWNLOAD_FILES) {
      const bytes = await catalog.file(id, name);
      if (bytes) await write(`runs/${id}/${name}`, bytes);
    }
    site.runs.push(id);
  }
  if (site.runs.length === 0) throw new InputError(`export-site: no run to export has a web bundle; run \`vieweratlas render --run ${ids[0]}\``);

  const exported: RunList = {
    latest: list.latest && site.runs.includes(list.latest) ? list.latest : site.runs[0],
    runs: list.runs.filter((r) => site.runs.includes(r.id)),
  };
  await write("runs.json", JSON.stringify(exported, null, 2) + "\n");
  for (const name of APP_FILES) await write(name, await readFile(path.join(options.appDir, name)));
  return site;
}
