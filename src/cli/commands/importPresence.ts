/**
 * `vieweratlas import presence FILE --format twitch-dataset`: presence made elsewhere, straight into curated
 * presence (the public Twitch dataset of Rappaz et al., RecSys 2021; see docs/analysis.md).
 */
import path from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../../core/index.js";
import { importTwitchDataset, type TwitchDatasetImportReport } from "../../collect/index.js";
import { loadPseudonymKey } from "../../lake/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";
import { importGroup } from "./import.js";

export const PRESENCE_FORMATS = ["twitch-dataset"] as const;

interface PresenceFlags extends GlobalFlags {
  format: string;
  startDate: string;
  replace?: boolean;
  json?: boolean;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    importGroup(program)
      .command("presence")
      .description("import presence rows into curated presence (the public Twitch dataset: user_id,stream_id,streamer,time_start,time_stop)")
      .argument("<file>", "CSV file, no header"),
  )
    .option("--format <name>", `input format: ${PRESENCE_FORMATS.join(", ")}`, "twitch-dataset")
    .option("--start-date <day>", "UTC day the dataset's time step 0 maps to", "2019-01-01")
    .option("--replace", "overwrite curated days that already exist")
    .option("--json", "print the report as JSON")
    .action(async (file: string, flags: PresenceFlags) => {
      await runImportPresence(effects, file, flags);
    });
}

export async function runImportPresence(effects: CliEffects, file: string, flags: PresenceFlags): Promise<TwitchDatasetImportReport> {
  if (!PRESENCE_FORMATS.includes(flags.format as (typeof PRESENCE_FORMATS)[number])) {
    throw new ConfigError(`import presence: --format must be one of ${PRESENCE_FORMATS.join(", ")}, got ${JSON.stringify(flags.format)}`);
  }
  const { config, lake, progress } = await openContext(effects, flags);
  const pseudonymKey = await loadPseudonymKey(lake, effects.env, config.privacy.pseudonymize);
  const report = await importTwitchDataset(
    lake,
    path.resolve(effects.cwd, file),
    { pseudonymKey, pseudonymize: config.privacy.pseudonymize, startDate: flags.startDate, replace: Boolean(flags.replace) },
    { progress },
  );
  if (flags.json) {
    effects.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return report;
  }
  const lines = [
    `imported ${report.file} into ${lake.location}`,
    `  rows        ${report.rows.toLocaleString("en")} read, ${report.skipped.count.toLocaleString("en")} skipped`,
    ...report.skipped.examples.map((e) => `              ${e}`),
    `  presence    ${report.curatedRows.toLocaleString("en")} curated rows: ${report.users.toLocaleString("en")} users in ${report.channels.toLocaleString("en")} channels`,
    `  days        ${report.days.length} (${report.days[0]} … ${report.days.at(-1)}), in ${report.seconds.toFixed(1)} s`,
    `  next        vieweratlas analyze --since ${report.days[0]} --until ${report.days.at(-1)}`,
  ];
  effects.stdout.write(lines.join("\n") + "\n");
  return report;
}
