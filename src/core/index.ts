// The face of core: shared types, errors, clock, random source, logging, secrets and the config schema.
export { AtlasError, ConfigError, InputError, LakeError, PlatformError, isAtlasError } from "./errors.js";
export { type Clock, systemClock, ManualClock, utcDay } from "./clock.js";
export { type Rng, createRng, shuffleInPlace } from "./rng.js";
export {
  type Platform,
  type Source,
  type ChannelMeta,
  type PresenceUser,
  type PresenceWindow,
  PLATFORMS,
  SOURCES,
  validatePresenceWindow,
  windowStartMs,
} from "./presence.js";
export {
  type TwitchCredentials,
  SECRET_ENV_VARS,
  readTwitchCredentials,
  maskSecret,
  secretValues,
  redact,
} from "./secrets.js";
export { type Logger, type LogLevel, type LoggerOptions, createLogger, silentLogger } from "./logger.js";
export {
  type AtlasConfig,
  type ConfigSection,
  type ConfigLayer,
  type PresetName,
  configSchema,
  PRESETS,
  PRESET_NAMES,
  ALGORITHMS,
  WEIGHTINGS,
  BOT_FILTERS,
  THEMES,
} from "./config/schema.js";
export {
  type ConfigSource,
  type LoadConfigOptions,
  type LoadedConfig,
  CONFIG_SOURCES,
  loadConfig,
  configValue,
} from "./config/load.js";
export { type ConfigField, type FieldKind, NON_FIELD_ENV_VARS, configFields, envVarName } from "./config/fields.js";
export {
  UNASSIGNED,
  type RunNode,
  type RunEdge,
  type Share,
  type CommunityInfo,
  type StageTiming,
  type RunSummary,
  type RunResult,
} from "./run.js";
export { type ProgressReporter, type StageProgress, silentProgress } from "./progress.js";
export { PUBLIC_PSEUDONYM_KEY, pseudonymize } from "./pseudonym.js";
export { type BotLists, loadBotLists } from "./bots.js";
export { type Scheduler, type TimerHandle, systemScheduler, ManualScheduler } from "./scheduler.js";
