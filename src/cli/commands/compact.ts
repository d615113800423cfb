/**
 * `vieweratlas compact [--days D…] [--full]`: raw windows -> curated Parquet (see docs/compaction.md).
 * Prints the report; malformed raw files are listed but only skipped, so they do not change the exit code.
 */
import type { Command } from "commander";
import { redact, secretValues } from "../../core/index.js";
import { type CompactReport, compactLake } from "../../collect/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";

interface CompactFlags extends GlobalFlags {
  days?: string[];
  full?: boolean;
  concurrency?: string;
  json?: boolean;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    program
      .command("compact")
      .description("compact raw presence windows into curated Parquet (only days with new raw windows)")
      .option("--days <day...>", "only these UTC days (YYYY-MM-DD)")
      .option("--full", "rebuild every considered day, even unchanged ones")
      .option("--concurrency <n>", "raw files read at once")
      .option("--json", "print the report as JSON"),
  ).action(async (flags: CompactFlags) => {
    await runCompact(effects, flags);
  });
}

export async function runCompact(effects: CliEffects, flags: CompactFlags): Promise<CompactReport> {
  const { config, lake, logger, progress } = await openContext(effects, flags);
  const report = await compactLake(
    lake,
    {
      days: flags.days ?? null,
      full: Boolean(flags.full),
      readConcurrency: flags.concurrency === undefined ? undefined : Number(flags.concurrency),
      pseudonymize: config.privacy.pseudonymize,
    },
    { logger, progress, clock: effects.clock, env: effects.env },
  );
  const text = flags.json ? JSON.stringify({ lake: lake.location, ...report }, null, 2) + "\n" : formatReport(lake.location, report);
  effects.stdout.write(redact(text, secretValues(effects.env)));
  return report;
}

export function formatReport(location: string, r: CompactReport): string {
  const rebuilt = r.daysRebuilt.length ? ` (${abbreviate(r.daysRebuilt)})` : "";
  const lines = [
    `compacted ${location}: ${r.daysSeen} days seen, ${r.daysRebuilt.length} rebuilt${rebuilt}, ${r.daysUnchanged} unchanged`,
    `windows read: ${r.windowsRead}, presence rows written: ${r.rowsWritten.presence}, channel rows written: ${r.rowsWritten.channels}, in ${r.seconds.toFixed(1)} s`,
  ];
  if (r.windowsSkipped) lines.push(`windows of other platforms skipped: ${r.windowsSkipped}`);
  if (r.malformed.length) {
    lines.push(`malformed raw files skipped (left in place): ${r.malformed.length}`);
    for (const file of r.malformed) lines.push(`  ${file.key}: ${file.reason}`);
  }
  if (r.malformedEarlier) lines.push(`malformed raw files in unchanged days (listed in their manifests): ${r.malformedEarlier}`);
  return lines.join("\n") + "\n";
}

function abbreviate(days: string[]): string {
  return days.length <= 5 ? days.join(", ") : `${days.slice(0, 2).join(", ")} … ${days[days.length - 1]}`;
}
