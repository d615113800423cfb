/**
 * The lake layout of ARCHITECTURE.md, in one place: every key the project reads or writes is built here.
 * Partitions are Hive-style (`key=value`) with UTC dates, so DuckDB and Athena read the same tree.
 */
import { type PresenceWindow, type Source, utcDay, windowStartMs } from "../core/index.js";

export const RAW_SNAPSHOTS = "raw/snapshots/";
export const RAW_VOD_CHAT = "raw/vod_chat/";
export const CURATED_PRESENCE = "curated/presence/";
export const CURATED_CHANNELS = "curated/channels/";
export const STATE = "state/";
export const ANALYSIS = "analysis/";
export const LATEST_RUN = "analysis/latest.json";

/** A time as it appears in a key: ISO 8601 without characters that file systems or URLs dislike. */
export function keyTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
}

/**
 * Raw key of a presence window: `raw/snapshots/date=D/channel=L/<window-start>.json` for live windows.
 * VOD-derived windows share the tree (so compaction reads one place) and are named after the VOD and offset.
 */
export function rawWindowKey(w: PresenceWindow): string {
  const startMs = windowStartMs(w);
  const prefix = `${RAW_SNAPSHOTS}date=${utcDay(startMs)}/channel=${w.channel.login}/`;
  if (w.source === "live") return `${prefix}${keyTime(startMs)}.json`;
  return `${prefix}vod-${w.contentId ?? "unknown"}-${String(w.vodOffsetS).padStart(7, "0")}.json`;
}

export function rawSnapshotsDayPrefix(day: string): string {
  return `${RAW_SNAPSHOTS}date=${day}/`;
}

export function rawVodChatKey(vodId: string): string {
  return `${RAW_VOD_CHAT}vod=${vodId}/chat.json`;
}

export function curatedPresencePrefix(source: Source, day: string): string {
  return `${CURATED_PRESENCE}source=${source}/date=${day}/`;
}

export function curatedChannelsPrefix(day: string): string {
  return `${CURATED_CHANNELS}date=${day}/`;
}

export function analysisRunPrefix(runId: string): string {
  return `${ANALYSIS}run=${runId}/`;
}

/** Run ids are UTC timestamps, so they sort in time order. */
export function newRunId(nowMs: number): string {
  return keyTime(nowMs);
}

/** Reads `date=YYYY-MM-DD` (or any `name=value`) from a key. */
export function partitionValue(key: string, name: string): string | null {
  const m = new RegExp(`(?:^|/)${name}=([^/]+)`).exec(key);
  return m ? m[1] : null;
}
