/**
 * What a command runs with: the effective config (preset < file < env < flags) and each value's source,
 * the lake, a logger and a progress display. Every command adds the same global flags with
 * `addGlobalOptions` and passes its parsed options to `openContext`.
 */
import type { Command } from "commander";
import {
  type AtlasConfig,
  type ConfigSource,
  ConfigError,
  createLogger,
  loadConfig,
  type LoadedConfig,
  type Logger,
  PRESET_NAMES,
  type ProgressReporter,
} from "../core/index.js";
import { type LakeStore, openLake } from "../lake/index.js";
import type { CliEffects } from "./context.js";
import { createProgressDisplay, type ProgressDisplay } from "./progress.js";

/** The flags every command accepts (see addGlobalOptions). */
export interface GlobalFlags {
  config?: string;
  preset?: string;
  lake?: string;
  logLevel?: string;
  /** Repeatable `--set section.field=value`. */
  set?: string[];
}

export interface CommandContext {
  config: AtlasConfig;
  /** Dotted field -> the layer its value came from. */
  sources: Record<string, ConfigSource>;
  lake: LakeStore;
  logger: Logger;
  progress: ProgressReporter;
  effects: CliEffects;
}

/** Adds --config, --preset, --lake, --log-level and --set to a command. */
export function addGlobalOptions(command: Command): Command {
  return command
    .option("--config <file>", "YAML config file (else $VIEWERATLAS_CONFIG)")
    .option("--preset <name>", `config preset: ${PRESET_NAMES.join(", ")} (else $VIEWERATLAS_PRESET)`)
    .option("--lake <location>", "lake folder or s3://bucket/prefix (storage.lake)")
    .option("--log-level <level>", "trace, debug, info, warn, error or silent (logging.level)")
    .option("--set <field=value>", "set any config field, e.g. analysis.overlap_threshold=50 (repeatable)", collect, []);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The dotted-field overrides the flags give: --set pairs first, then the dedicated flags. */
export function flagOverrides(flags: GlobalFlags): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const pair of flags.set ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) problems.push(`config: flag --set ${pair}: expected field=value (allowed: section.field=value)`);
    else overrides[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  if (problems.length) throw new ConfigError(problems.join("\n"), problems);
  if (flags.lake !== undefined) overrides["storage.lake"] = flags.lake;
  if (flags.logLevel !== undefined) overrides["logging.level"] = flags.logLevel;
  return overrides;
}

/** The effective config for these flags, without opening anything. */
export function resolveConfig(effects: CliEffects, flags: GlobalFlags): LoadedConfig {
  return loadConfig({ preset: flags.preset, file: flags.config, env: effects.env, flags: flagOverrides(flags), cwd: effects.cwd });
}

export function isTerminal(stream: NodeJS.WritableStream): boolean {
  return Boolean((stream as NodeJS.WritableStream & { isTTY?: boolean }).isTTY);
}

/** The CLI's logger on stderr; on a terminal its lines go through `progress` so they print above the drawing. */
export function createCliLogger(effects: CliEffects, config: AtlasConfig, progress?: ProgressDisplay): Logger {
  const tty = isTerminal(effects.stderr);
  const destination = tty && progress ? ({ isTTY: true, write: (line: string) => (progress.print(line), true) } as unknown as NodeJS.WritableStream) : effects.stderr;
  return createLogger({ level: config.logging.level, destination, env: effects.env, pretty: tty });
}

/** Progress on stderr: drawn on a terminal, else each finished stage becomes an info log line. */
export function createCliProgress(effects: CliEffects, logger: () => Logger): ProgressDisplay {
  return createProgressDisplay({
    stream: effects.stderr,
    clock: effects.clock,
    tty: isTerminal(effects.stderr),
    onStageEnd: (s) =>
      logger().info(
        { stage: s.name, done: s.done, total: s.total, elapsedMs: Math.round(s.elapsedMs), perSecond: Math.round(s.rate), result: s.result },
        `${s.name} done`,
      ),
  });
}

export async function openContext(effects: CliEffects, flags: GlobalFlags): Promise<CommandContext> {
  const { config, sources } = resolveConfig(effects, flags);
  // Each needs the other: progress logs finished stages off a terminal, the logger prints above the drawing on one.
  const progress = createCliProgress(effects, () => logger);
  const logger = createCliLogger(effects, config, progress);
  const lake = await openLake({
    location: config.storage.lake,
    region: config.storage.region,
    endpoint: config.storage.endpoint || undefined,
    forcePathStyle: config.storage.force_path_style,
    cwd: effects.cwd,
  });
  return { config, sources, lake, logger, progress, effects };
}
