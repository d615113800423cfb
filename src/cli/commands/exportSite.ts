/**
 * `vieweratlas export-site DIR [--run ID | --all]`: the web map as static files (app, runs.json, each run's
 * web.json and downloadable files) for any web host, e.g. an S3 bucket behind a CDN. The latest run by default.
 */
import path from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../../core/index.js";
import { ensureWebApp, type ExportedSite, exportSite } from "../../web/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";

export interface ExportSiteFlags extends GlobalFlags {
  run?: string;
  all?: boolean;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    program
      .command("export-site")
      .description("write the web map as static files for any web host (S3 + CDN)")
      .argument("<dir>", "folder to write the site into")
      .option("--run <id>", "the run to export (default: the latest)")
      .option("--all", "export every run in the lake (the map's run picker lists them)"),
  ).action(async (dir: string, flags: ExportSiteFlags) => {
    await runExportSiteCommand(effects, dir, flags);
  });
}

export async function runExportSiteCommand(effects: CliEffects, dir: string, flags: ExportSiteFlags): Promise<ExportedSite> {
  if (flags.run && flags.all) throw new ConfigError("export-site: give --run or --all, not both");
  const { lake, logger } = await openContext(effects, flags);
  const app = await ensureWebApp();
  const outDir = path.resolve(effects.cwd, dir);
  const site = await exportSite(lake, outDir, { appDir: app.dir, runs: flags.all ? "all" : (flags.run ?? "latest") });
  for (const id of site.skipped) logger.warn({ run: id }, `export-site: run ${id} has no web bundle; render it with \`vieweratlas render --run ${id}\``);
  effects.stdout.write(
    `site written to ${outDir}: ${site.runs.length} run${site.runs.length === 1 ? "" : "s"} (${site.runs.join(", ")}), ` +
      `${site.files} files, ${(site.bytes / 1e6).toFixed(1)} MB\n` +
      `open index.html through any web server, e.g. \`aws s3 sync ${dir} s3://BUCKET/atlas/\`\n`,
  );
  return site;
}
