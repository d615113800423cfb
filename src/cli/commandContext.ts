/**
 * What a command runs with: the effective config, the lake, a logger. Commands call `openContext`
 * with their global flags; the config helper behind it applies preset < file < env < flags.
 */
import { type AtlasConfig, configSchema, createLogger, type Logger, PRESETS, type PresetName } from "../core/index.js";
import { type LakeStore, openLake } from "../lake/index.js";
import type { CliEffects } from "./context.js";

/** The flags every command accepts (see addGlobalOptions). */
export interface GlobalFlags {
  config?: string;
  preset?: string;
  lake?: string;
  logLevel?: string;
}

export interface CommandContext {
  config: AtlasConfig;
  lake: LakeStore;
  logger: Logger;
  effects: CliEffects;
}

// TODO(config helper): replace with the full loader (file, env, flags, sources).
export async function openContext(effects: CliEffects, flags: GlobalFlags): Promise<CommandContext> {
  const preset = PRESETS[(flags.preset ?? "default") as PresetName] ?? {};
  const config = configSchema.parse(preset);
  if (flags.lake) config.storage.lake = flags.lake;
  const logger = createLogger({ level: config.logging.level, destination: effects.stderr, env: effects.env });
  const lake = await openLake({ location: config.storage.lake, cwd: effects.cwd });
  return { config, lake, logger, effects };
}
