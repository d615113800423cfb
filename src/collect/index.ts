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
