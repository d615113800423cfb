/**
 * `vieweratlas import irc-log FILE[.gz]`: replays a raw Twitch IRC log through the live parser and windowing
 * into raw windows, prints a report, and optionally compacts the lake afterwards.
 */
import type { Command } from "commander";
import { ConfigError } from "../../core/index.js";
import { compactLake, EDGE_BOT_FILTERS, type EdgeBotFilter, importIrcLog, type IrcLogImportReport } from "../../collect/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";
import { importGroup } from "./import.js";

interface IrcLogFlags extends GlobalFlags {
  botFilter: string;
  latenessS: string;
  compact?: boolean;
  json?: boolean;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    importGroup(program)
      .command("irc-log")
      .description("import raw Twitch IRC lines (justlog-style log, .gz detected) as raw presence windows, timed by tmi-sent-ts")
      .argument("<file>", "log file, plain or gzip"),
  )
    .option("--bot-filter <mode>", `drop listed bots at the edge: ${EDGE_BOT_FILTERS.join(", ")}`, "off")
    .option("--lateness-s <seconds>", "out-of-order allowance before a window is written", "30")
    .option("--compact", "run compaction after the import")
    .option("--json", "print the report as JSON")
    .action(async (file: string, flags: IrcLogFlags) => {
      await runImportIrcLog(effects, file, flags);
    });
}

export async function runImportIrcLog(effects: CliEffects, file: string, flags: IrcLogFlags): Promise<IrcLogImportReport> {
  if (!EDGE_BOT_FILTERS.includes(flags.botFilter as EdgeBotFilter)) {
    throw new ConfigError(`import irc-log: --bot-filter must be one of ${EDGE_BOT_FILTERS.join(", ")}, got ${JSON.stringify(flags.botFilter)}`);
  }
  const latenessS = Number(flags.latenessS);
  if (!(latenessS >= 0)) throw new ConfigError(`import irc-log: --lateness-s must be a number >= 0, got ${JSON.stringify(flags.latenessS)}`);
  const { config, lake, logger } = await openContext(effects, flags);
  const path = await import("node:path");
  const report = await importIrcLog(lake, path.resolve(effects.cwd, file), {
    windowMinutes: config.collection.collection_interval_minutes,
    bucketLenS: config.collection.bucket_len_s,
    latenessMs: latenessS * 1000,
    botFilter: flags.botFilter as EdgeBotFilter,
  });
  logger.info({ file, windows: report.windows, malformedLines: report.malformedLines }, "import irc-log done");
  if (flags.json) effects.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else effects.stdout.write(formatReport(file, report));
  if (flags.compact) {
    const compacted = await compactLake(lake, { pseudonymize: config.privacy.pseudonymize }, { logger, clock: effects.clock, env: effects.env });
    effects.stdout.write(`compacted ${compacted.daysRebuilt.length} day(s): ${compacted.rowsWritten.presence} presence rows\n`);
  }
  return report;
}

function formatReport(file: string, r: IrcLogImportReport): string {
  const c = r.recorder;
  return [
    `imported ${file}`,
    `  lines            ${r.lines} (${r.malformedLines} malformed, skipped)`,
    `  messages         ${r.messages} PRIVMSG, ${r.userNotices} USERNOTICE`,
    `  users            ${r.users} distinct in ${r.channels} channel(s)`,
    `  windows          ${r.windows} written (${r.windowsAlreadyPresent} already in the lake), ${r.presenceRecords} presence records`,
    `  skipped          ${c.botsDropped} bot, ${c.anonymousDropped} anonymous, ${c.incomplete} incomplete, ${c.late} late events`,
    `  shared chat      ${c.sharedChatMoved} moved to source, ${c.sharedChatCopies} copies, ${c.sharedChatDuplicates} duplicates, ${c.sharedChatUnattributed} unattributed`,
    "",
  ].join("\n");
}
