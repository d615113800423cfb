/**
 * `vieweratlas lake ls [PREFIX]` lists the lake's objects (size, key); `vieweratlas lake prune [--dry-run]`
 * applies the retention section of the config (see docs/lake.md). Both work on a folder and on s3://.
 */
import type { Command } from "commander";
import { redact, secretValues } from "../../core/index.js";
import { pruneLake, type PruneReport } from "../../lake/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";

interface LsFlags extends GlobalFlags {
  json?: boolean;
}

interface PruneFlags extends GlobalFlags {
  dryRun?: boolean;
  json?: boolean;
}

export function register(program: Command, effects: CliEffects): void {
  const lake = program.command("lake").description("look into the lake and apply retention");

  addGlobalOptions(lake.command("ls").description("list objects under a prefix: size in bytes, key").argument("[prefix]", "key prefix, e.g. raw/snapshots/date=2024-05-01/", ""))
    .option("--json", "one JSON object per line (key, size, modified)")
    .action(async (prefix: string, flags: LsFlags) => {
      await listLake(effects, prefix, flags);
    });

  addGlobalOptions(lake.command("prune").description("delete raw/curated day partitions and analysis runs older than retention.*_days"))
    .option("--dry-run", "count what would be deleted, delete nothing")
    .option("--json", "print the report as JSON")
    .action(async (flags: PruneFlags) => {
      await runPrune(effects, flags);
    });
}

export async function listLake(effects: CliEffects, prefix: string, flags: LsFlags): Promise<{ objects: number; bytes: number }> {
  const { lake } = await openContext(effects, flags);
  let objects = 0;
  let bytes = 0;
  for await (const o of lake.list(prefix)) {
    objects += 1;
    bytes += o.size;
    const line = flags.json
      ? JSON.stringify({ key: o.key, size: o.size, modified: new Date(o.modifiedMs).toISOString() })
      : `${String(o.size).padStart(12)}  ${o.key}`;
    effects.stdout.write(line + "\n");
  }
  // The total goes to stderr so stdout stays one object per line for pipes.
  effects.stderr.write(`${objects} objects, ${formatBytes(bytes)} under ${lake.location}${prefix}\n`);
  return { objects, bytes };
}

export async function runPrune(effects: CliEffects, flags: PruneFlags): Promise<PruneReport> {
  const { config, lake, logger } = await openContext(effects, flags);
  const report = await pruneLake(lake, config.retention, effects.clock, { dryRun: Boolean(flags.dryRun) });
  logger.info({ lake: lake.location, ...report }, report.dryRun ? "prune dry run" : "pruned");
  const text = flags.json ? JSON.stringify({ lake: lake.location, ...report }, null, 2) + "\n" : formatPruneReport(lake.location, report);
  effects.stdout.write(redact(text, secretValues(effects.env)));
  return report;
}

export function formatPruneReport(location: string, r: PruneReport): string {
  const verb = r.dryRun ? "would delete" : "deleted";
  const area = (name: string, unit: string, from: string | null, a: PruneReport["raw"]) =>
    from === null
      ? `${name}: kept forever (0 days)`
      : `${name}: ${verb} ${a.partitions} ${unit}, ${a.objects} objects, ${formatBytes(a.bytes)}; keeping from ${from}`;
  const lines = [
    `${r.dryRun ? "dry run, nothing deleted" : "pruned"}: ${location}`,
    area("raw", "day partitions", r.keepFrom.raw, r.raw),
    area("curated", "day partitions", r.keepFrom.curated, r.curated),
    area("analysis", "runs", r.keepFrom.analysis, r.analysis),
  ];
  if (r.latestRun) lines.push(`latest run kept: ${r.latestRun}`);
  return lines.join("\n") + "\n";
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
