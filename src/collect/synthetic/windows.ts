/**
 * Synthetic presence as the raw records collectors write: one live PresenceWindow per channel-day, for the demo
 * path that goes through the raw writer and compaction like real data.
 */
import type { PresenceUser, PresenceWindow } from "../../core/index.js";
import { type SyntheticPresence, syntheticUserId, syntheticUserLogin } from "./generate.js";

export interface SyntheticWindowOptions {
  /** Window length in seconds (a collection interval). */
  lengthS: number;
  bucketLenS: number;
}

export const WINDOW_DEFAULTS: SyntheticWindowOptions = { lengthS: 300, bucketLenS: 60 };

/** Yields the windows in (channel, day) order; each holds that day's users of the channel. */
export function* syntheticWindows(data: SyntheticPresence, options: Partial<SyntheticWindowOptions> = {}): Generator<PresenceWindow> {
  const o = { ...WINDOW_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const days = data.dayNames.length;
  const { channelIdx, userIdx, dayIdx, count } = data.rows;
  // Counting sort of rows by (channel, day) so each window's users are one slice.
  const groups = data.channels.length * days;
  const starts = new Int32Array(groups + 1);
  for (let i = 0; i < count; i++) starts[channelIdx[i] * days + dayIdx[i] + 1]++;
  for (let g = 0; g < groups; g++) starts[g + 1] += starts[g];
  const cursor = starts.slice(0, groups);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[cursor[channelIdx[i] * days + dayIdx[i]]++] = i;
  const buckets = Math.max(1, Math.floor(o.lengthS / o.bucketLenS));

  for (let g = 0; g < groups; g++) {
    if (starts[g] === starts[g + 1]) continue;
    const c = Math.floor(g / days);
    const d = g % days;
    const channel = data.channels[c];
    // Channels go live at different hours, so windows of one day do not all share a start.
    const start = new Date(Date.parse(`${data.dayNames[d]}T00:00:00Z`) + ((c * 7) % 20) * 3_600_000).toISOString();
    const users: PresenceUser[] = [];
    for (let k = starts[g]; k < starts[g + 1]; k++) {
      const u = userIdx[order[k]];
      const first = (u + c) % buckets;
      const last = Math.min(buckets - 1, first + ((u + d) % 2));
      users.push({
        id: syntheticUserId(u),
        login: syntheticUserLogin(data, u),
        messages: 1 + ((u * 31 + c) % 7),
        firstS: first * o.bucketLenS,
        lastS: last * o.bucketLenS + Math.min(o.bucketLenS - 1, 30),
        buckets: first === last ? [first] : [first, last],
      });
    }
    yield {
      platform: "twitch",
      source: "live",
      channel: { login: channel.login, id: channel.id },
      contentId: `synthetic-${c}-${d}`,
      contentStartedAt: start,
      start,
      vodOffsetS: null,
      lengthS: o.lengthS,
      bucketLenS: o.bucketLenS,
      users,
      meta: { gameId: null, gameName: channel.game, language: channel.language, viewerCount: users.length * 3, title: `${channel.displayName} live`, displayName: channel.displayName },
    };
  }
}
