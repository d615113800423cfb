/**
 * The raw window writer: every collector (live, VOD replay, imports, the synthetic generator) writes presence
 * windows through it, so raw files have one format (docs/lake-formats.md) and are written exactly once.
 */
import { type PresenceWindow, validatePresenceWindow } from "../core/index.js";
import { type LakeStore, rawWindowKey } from "../lake/index.js";

/** Version of the raw window file format; compaction rejects files of another version. */
export const RAW_WINDOW_VERSION = 1;

export interface RawWriteResult {
  key: string;
  /** False when a window with this key was already in the lake: it was left as it was, not overwritten. */
  created: boolean;
}

/** The bytes of a raw window file: the window's JSON with `"version": 1` first. */
export function encodeRawWindow(window: PresenceWindow): string {
  return JSON.stringify({ version: RAW_WINDOW_VERSION, ...window });
}

/**
 * Validates a window (throws InputError naming the field) and writes it to its raw key with put-if-absent.
 * A second write of the same key returns `created: false` and leaves the stored window untouched.
 */
export async function writeRawWindow(lake: LakeStore, window: PresenceWindow): Promise<RawWriteResult> {
  const valid = validatePresenceWindow(window, "raw window");
  const key = rawWindowKey(valid);
  const created = await lake.putIfAbsent(key, encodeRawWindow(valid));
  return { key, created };
}
