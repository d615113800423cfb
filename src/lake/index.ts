// The face of lake: the storage contract, its backends, and the layout of keys.
export { type LakeStore, type LakeObject } from "./LakeStore.js";
export {
  RAW_SNAPSHOTS,
  RAW_VOD_CHAT,
  CURATED_PRESENCE,
  CURATED_CHANNELS,
  STATE,
  ANALYSIS,
  LATEST_RUN,
  keyTime,
  rawWindowKey,
  rawSnapshotsDayPrefix,
  rawVodChatKey,
  curatedPresencePrefix,
  curatedChannelsPrefix,
  analysisRunPrefix,
  newRunId,
  partitionValue,
} from "./layout.js";
export { type LakeOptions, openLake } from "./openLake.js";
export { LocalLakeStore } from "./local/LocalLakeStore.js";
export { S3LakeStore, type S3LakeOptions, S3_LAKE_DEFAULTS } from "./s3/S3LakeStore.js";
export { parseS3Location } from "./s3/s3Location.js";
export { checkKey, checkPrefix } from "./keys.js";
export { CURATED_PRESENCE_COLUMNS, CURATED_CHANNELS_COLUMNS, PART_FILE } from "./curated.js";
export { PSEUDONYM_KEY, loadPseudonymKey } from "./pseudonymKey.js";
export { type RetentionPolicy, type PruneOptions, type PrunedArea, type PruneReport, pruneLake, runTimeMs } from "./retention.js";
