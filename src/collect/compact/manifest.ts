/**
 * The per-day compaction manifest, state/compaction/date=D.json: which raw keys (a count and a hash) and which
 * settings a day's curated files were built from. It is written after the day's Parquet files, so a day whose
 * manifest is missing or differs is simply rebuilt: an interrupted run leaves days rebuilt or not, never half.
 */
import { createHash, createHmac } from "node:crypto";
import { LakeError } from "../../core/index.js";
import { type LakeStore, STATE } from "../../lake/index.js";
import type { MalformedFile } from "./rawDays.js";

/** Bumped when compaction's output changes for the same input, so every day is rebuilt once. */
// NOTE: adding curated/channels display_name left it at 1: raw windows written before it carry no display name,
// so rebuilding old days would add nothing; aggregation reads files with and without the column.
export const COMPACTION_FORMAT = 1;

export interface DayManifest {
  version: 1;
  day: string;
  rawKeyCount: number;
  /** SHA-256 of the day's sorted raw keys joined by newlines. */
  rawKeysSha256: string;
  /** Fingerprint of the settings that change the output (format, pseudonymisation and its key, platform). */
  settings: string;
  builtAt: string;
  windows: number;
  rows: { live: number; vod: number };
  channels: number;
  malformed: MalformedFile[];
}

export function manifestKey(day: string): string {
  return `${STATE}compaction/date=${day}.json`;
}

export function hashKeys(keys: string[]): string {
  const hash = createHash("sha256");
  for (const key of keys) hash.update(key).update("\n");
  return hash.digest("hex");
}

/** A fingerprint of the output-shaping settings; the key enters only through an HMAC, never in clear. */
export function settingsFingerprint(pseudonymize: boolean, key: string, platform: string | null): string {
  const keyId = createHmac("sha256", key).update("vieweratlas-key-fingerprint").digest("hex").slice(0, 16);
  return createHash("sha256")
    .update(JSON.stringify({ format: COMPACTION_FORMAT, pseudonymize, keyId, platform }))
    .digest("hex")
    .slice(0, 32);
}

/** The stored manifest, or null when missing or unreadable (both mean: rebuild). */
export async function readManifest(lake: LakeStore, day: string): Promise<DayManifest | null> {
  const bytes = await lake.get(manifestKey(day));
  if (bytes === null) return null;
  try {
    const value = JSON.parse(Buffer.from(bytes).toString("utf8")) as DayManifest;
    return value && value.version === 1 && value.day === day ? value : null;
  } catch {
    return null;
  }
}

export function isUpToDate(manifest: DayManifest | null, keys: string[], settings: string): boolean {
  return manifest !== null && manifest.rawKeyCount === keys.length && manifest.settings === settings && manifest.rawKeysSha256 === hashKeys(keys);
}

export async function writeManifest(lake: LakeStore, manifest: DayManifest): Promise<void> {
  try {
    await lake.put(manifestKey(manifest.day), JSON.stringify(manifest, null, 1) + "\n");
  } catch (e) {
    throw new LakeError(`compact: writing the manifest of ${manifest.day} failed: ${(e as Error).message}`, { cause: e });
  }
}
