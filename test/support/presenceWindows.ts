/**
 * Hand-made and synthetic presence windows for compaction tests and benchmarks. Synthetic windows are
 * generated lazily and from a seed, so the same options always give the same windows.
 */
import { createRng, type PresenceUser, type PresenceWindow } from "../../src/core/index.js";

export function presenceUser(id: string, login: string, messages: number, firstS: number, lastS: number, buckets: number[]): PresenceUser {
  return { id, login, messages, firstS, lastS, buckets };
}

const NO_META = { gameId: null, gameName: null, language: null, viewerCount: null, title: null };

/** A 5-minute live window of `channel` starting at `start` (ISO). */
export function liveWindow(channel: string, start: string, users: PresenceUser[], meta: Partial<PresenceWindow["meta"]> = {}): PresenceWindow {
  return {
    platform: "twitch",
    source: "live",
    channel: { login: channel, id: `id-${channel}` },
    contentId: `stream-${channel}`,
    contentStartedAt: null,
    start,
    vodOffsetS: null,
    lengthS: 300,
    bucketLenS: 60,
    users,
    meta: { ...NO_META, ...meta },
  };
}

/** A 5-minute window of a VOD that began at `startedAt`, `offsetS` seconds in. */
export function vodWindow(channel: string, vodId: string, startedAt: string, offsetS: number, users: PresenceUser[]): PresenceWindow {
  return {
    platform: "twitch",
    source: "vod",
    channel: { login: channel, id: `id-${channel}` },
    contentId: vodId,
    contentStartedAt: startedAt,
    start: null,
    vodOffsetS: offsetS,
    lengthS: 300,
    bucketLenS: 60,
    users,
    meta: NO_META,
  };
}

export interface ChannelDayWindowOptions {
  channels: number;
  days: number;
  windowsPerChannelDay: number;
  /** Distinct chatters of a channel on a day. */
  audiencePerChannelDay: number;
  /** Chatters in one window, drawn from the channel's audience. */
  usersPerWindow: number;
  firstDay: string;
  seed: number;
}

/**
 * Windows for channels × days × windows, in that order: several windows per channel-day whose chatters repeat,
 * which is what compaction merges (collect's syntheticWindows gives one window per channel-day, for the demo).
 * Audiences overlap between nearby channels.
 */
export function* channelDayWindows(o: ChannelDayWindowOptions): Generator<PresenceWindow> {
  const rng = createRng(o.seed);
  const pool = Math.max(o.audiencePerChannelDay * 4, Math.floor((o.channels * o.audiencePerChannelDay) / 3));
  const games = ["Just Chatting", "Fortnite", "Minecraft", "Valorant", "League of Legends", "GTA V"];
  const firstMs = Date.parse(`${o.firstDay}T00:00:00Z`);
  for (let c = 0; c < o.channels; c++) {
    const login = `channel_${c}`;
    const base = Math.floor((c * pool) / Math.max(1, o.channels));
    for (let d = 0; d < o.days; d++) {
      // The stream starts at a channel-dependent hour and stays inside the day.
      const streamStartMs = firstMs + d * 86_400_000 + ((c * 7) % 18) * 3_600_000;
      for (let w = 0; w < o.windowsPerChannelDay; w++) {
        const chosen = new Set<number>();
        while (chosen.size < Math.min(o.usersPerWindow, o.audiencePerChannelDay)) {
          chosen.add((base + d * 13 + Math.floor(rng() * o.audiencePerChannelDay)) % pool);
        }
        const users = [...chosen].map((u) => {
          const firstS = Math.floor(rng() * 240);
          const lastS = Math.min(299, firstS + Math.floor(rng() * 120));
          const buckets = firstS === lastS ? [Math.floor(firstS / 60)] : [Math.floor(firstS / 60), Math.floor(lastS / 60)].filter((b, i, a) => a.indexOf(b) === i);
          return presenceUser(`u${u}`, `user_${u}`, 1 + Math.floor(rng() * 5), firstS, lastS, buckets);
        });
        yield {
          ...liveWindow(login, new Date(streamStartMs + w * 300_000).toISOString(), users, {
            gameId: String(c % games.length),
            gameName: games[c % games.length],
            language: c % 5 === 0 ? "de" : "en",
            viewerCount: 100 + c + w,
            title: `stream ${c} day ${d}`,
          }),
        };
      }
    }
  }
}
