// The face of collect: the raw window writer and compaction to curated Parquet.
export { RAW_WINDOW_VERSION, type RawWriteResult, encodeRawWindow, writeRawWindow } from "./rawWriter.js";
export { type CompactDeps, type CompactReport, compactLake } from "./compact/compactLake.js";
export { type CompactOptions, DEFAULTS as COMPACT_DEFAULTS, resolveCompactOptions } from "./compact/options.js";
export { type MalformedFile } from "./compact/rawDays.js";
export { type DayManifest, manifestKey } from "./compact/manifest.js";
export { PresenceBuffer, type PresenceBufferOptions, type ChannelInfo, PRESENCE_BUFFER_DEFAULTS } from "./live/PresenceBuffer.js";
export { ChatRecorder, type ChatRecorderCounts, type ChatRecorderOptions, type EdgeBotFilter, EDGE_BOT_FILTERS } from "./live/ChatRecorder.js";
export { importIrcLog, type IrcLogImportOptions, type IrcLogImportReport, IRC_LOG_IMPORT_DEFAULTS } from "./import/ircLog.js";
export { importTwitchDataset, type TwitchDatasetImportOptions, type TwitchDatasetImportReport, TWITCH_DATASET_DEFAULTS } from "./import/twitchDataset.js";
export { ChatWatcher, type ChatWatcherOptions, type ChatWatcherHooks, type ChatWatcherStats, type WatchedChannel, CHAT_WATCHER_DEFAULTS, watcherOptionsFromConfig } from "./live/ChatWatcher.js";
export {
  type SyntheticOptions,
  type SyntheticChannel,
  type SyntheticPresence,
  DEFAULTS as SYNTHETIC_DEFAULTS,
  resolveSyntheticOptions,
  generateSynthetic,
  syntheticUserLogin,
  syntheticUserId,
} from "./synthetic/generate.js";
export { type WriteSyntheticCuratedOptions, type WriteSyntheticCuratedResult, writeSyntheticCurated } from "./synthetic/writeCurated.js";
export { type SyntheticWindowOptions, syntheticWindows } from "./synthetic/windows.js";
export { writePeerCsv } from "./synthetic/peerCsv.js";
export { type ChannelSource, type DiscoveredChannel, discoverChannels, readChannelsFile, channelOfStream } from "./discovery.js";
export {
  Collector,
  type CollectorOptions,
  type CollectorHooks,
  type CollectReport,
  type CycleReport,
  type StopReason,
  COLLECTOR_DEFAULTS,
} from "./live/Collector.js";
