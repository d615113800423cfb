/**
 * Raw windows as compaction sees them: keys grouped by UTC day (streamed in key order, so one day's keys are
 * in memory at a time), and one day's files read with bounded concurrency, validated, and delivered in key
 * order so the rows fed to DuckDB, and so the output, do not depend on which read finished first.
 */
import { readFileSync } from "node:fs";
import { LakeError, type PresenceWindow, utcDay, validatePresenceWindow, windowStartMs } from "../../core/index.js";
import { type LakeStore, partitionValue, RAW_SNAPSHOTS, rawSnapshotsDayPrefix } from "../../lake/index.js";
import { RAW_WINDOW_VERSION } from "../rawWriter.js";

export interface RawDay {
  day: string;
  /** Every key under the day's prefix, in key order. */
  keys: string[];
}

/** A raw file compaction skipped: its key and why (the field, or the JSON line and column). */
export interface MalformedFile {
  key: string;
  reason: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The days that hold raw windows, each with its keys; only `days` when given. */
export async function* listRawDays(lake: LakeStore, days: string[] | null): AsyncIterable<RawDay> {
  if (days !== null) {
    for (const day of days) {
      const keys: string[] = [];
      for await (const object of lake.list(rawSnapshotsDayPrefix(day))) keys.push(object.key);
      if (keys.length) yield { day, keys };
    }
    return;
  }
  let current: RawDay | null = null;
  for await (const object of lake.list(RAW_SNAPSHOTS)) {
    const day = partitionValue(object.key, "date");
    if (day === null || !DAY.test(day)) continue; // not a raw window path; nothing compaction owns
    if (current && current.day !== day) {
      yield current;
      current = null;
    }
    current ??= { day, keys: [] };
    current.keys.push(object.key);
  }
  if (current) yield current;
}

/** Parses and validates one raw file; returns the window or why it is malformed. */
export function parseRawWindow(key: string, day: string, bytes: Uint8Array): PresenceWindow | string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `bad JSON${jsonPosition(text, (e as Error).message)}: ${(e as Error).message}`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "bad JSON: not an object";
  const version = (value as { version?: unknown }).version;
  if (version !== RAW_WINDOW_VERSION) return `field version: expected ${RAW_WINDOW_VERSION}, got ${JSON.stringify(version ?? null)}`;
  let window: PresenceWindow;
  try {
    window = validatePresenceWindow(value, key);
  } catch (e) {
    const message = (e as Error).message;
    return message.startsWith(`${key}: `) ? message.slice(key.length + 2) : message;
  }
  const startDay = utcDay(windowStartMs(window));
  if (startDay !== day) return `window starts on ${startDay} but is stored under date=${day}`;
  return window;
}

/**
 * Reads a day's files (from a remote lake `concurrency` at a time) and calls `onWindow` for each valid window in key order.
 * Malformed files are returned, never thrown; a failing lake (not a bad file) throws.
 */
export async function readDayWindows(
  lake: LakeStore,
  raw: RawDay,
  concurrency: number,
  onWindow: (window: PresenceWindow, key: string) => void,
): Promise<{ windows: number; malformed: MalformedFile[] }> {
  const malformed: MalformedFile[] = [];
  let windows = 0;
  const deliver = (key: string, bytes: Uint8Array | null) => {
    if (bytes === null) {
      malformed.push({ key, reason: "vanished while compacting" });
      return;
    }
    const parsed = key.endsWith(".json") ? parseRawWindow(key, raw.day, bytes) : "not a .json window file";
    if (typeof parsed === "string") malformed.push({ key, reason: parsed });
    else {
      windows++;
      onWindow(parsed, key);
    }
  };
  if (raw.keys.length && lake.localPath(raw.keys[0]) !== null) {
    // NOTE: on a local folder, synchronous reads of these small files are ~15x cheaper than fs/promises.
    for (const key of raw.keys) deliver(key, readLocal(lake, key));
    return { windows, malformed };
  }
  const inFlight: Promise<Uint8Array | null>[] = [];
  let launched = 0;
  const launch = () => {
    const promise = lake.get(raw.keys[launched++]);
    promise.catch(() => undefined); // awaited in order below; this only stops an unhandled-rejection report
    inFlight.push(promise);
  };
  while (launched < raw.keys.length && inFlight.length < concurrency) launch();
  for (const key of raw.keys) {
    const bytes = await (inFlight.shift() as Promise<Uint8Array | null>);
    if (launched < raw.keys.length) launch();
    deliver(key, bytes);
  }
  return { windows, malformed };
}

function readLocal(lake: LakeStore, key: string): Uint8Array | null {
  try {
    return readFileSync(lake.localPath(key) as string);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new LakeError(`compact: reading ${key} failed: ${(e as Error).message}`, { cause: e });
  }
}

/** " at line L column C" from a JSON.parse message's position, when it names one. */
function jsonPosition(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return "";
  const position = Number(m[1]);
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return ` at line ${line} column ${column}`;
}
