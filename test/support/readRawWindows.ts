/** Reads every raw presence window back from a lake, for tests that assert what collectors wrote. */
import { type PresenceWindow, validatePresenceWindow } from "../../src/core/index.js";
import { type LakeStore, RAW_SNAPSHOTS } from "../../src/lake/index.js";

export async function readRawWindows(lake: LakeStore, prefix = RAW_SNAPSHOTS): Promise<Array<PresenceWindow & { key: string }>> {
  const out: Array<PresenceWindow & { key: string }> = [];
  for await (const o of lake.list(prefix)) {
    const bytes = await lake.get(o.key);
    if (!bytes) continue;
    out.push({ key: o.key, ...validatePresenceWindow(JSON.parse(Buffer.from(bytes).toString("utf8")), o.key) });
  }
  return out;
}

/** Every (channel, user id, minute since epoch) a set of windows says was present. */
export function presenceMinutes(windows: readonly PresenceWindow[]): Set<string> {
  const out = new Set<string>();
  for (const w of windows) {
    const startMs = Date.parse(w.start as string);
    for (const u of w.users) {
      for (const b of u.buckets) out.add(`${w.channel.login}|${u.id}|${Math.floor((startMs + b * w.bucketLenS * 1000) / 60_000)}`);
    }
  }
  return out;
}
