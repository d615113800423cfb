/**
 * The presence window: who was present in one channel during one stretch of time.
 * It is the one record collectors write to the lake (raw, immutable) and compaction reads.
 */
import { z } from "zod";
import { InputError } from "./errors.js";

export const PLATFORMS = ["twitch"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const SOURCES = ["live", "vod"] as const;
export type Source = (typeof SOURCES)[number];

/** Channel metadata as seen when the window was recorded; every field may be unknown. */
export interface ChannelMeta {
  gameId: string | null;
  gameName: string | null;
  language: string | null;
  viewerCount: number | null;
  title: string | null;
  /** The broadcaster's display name (e.g. "xQcOW" for login "xqcow"); absent in windows written before it existed. */
  displayName?: string | null;
}

/** One user present in a window. Times are seconds from the window's start. */
export interface PresenceUser {
  id: string;
  login: string;
  messages: number;
  firstS: number;
  lastS: number;
  /** Indices of the `bucketLenS` buckets within the window in which the user was active, ascending. */
  buckets: number[];
}

export interface PresenceWindow {
  platform: Platform;
  source: Source;
  channel: { login: string; id: string | null };
  /** Stream id (live) or VOD id (vod). */
  contentId: string | null;
  /** When the stream or VOD began (ISO 8601 UTC); required for VOD windows, which are placed in time from it. */
  contentStartedAt: string | null;
  /** Absolute start (ISO 8601 UTC) for live windows; null for VOD windows. */
  start: string | null;
  /** Offset of the window's start into the VOD, in seconds; null for live windows. */
  vodOffsetS: number | null;
  lengthS: number;
  bucketLenS: number;
  users: PresenceUser[];
  meta: ChannelMeta;
}

const LOGIN = /^[a-z0-9_]{1,64}$/;

const userSchema = z.object({
  id: z.string().min(1),
  login: z.string().min(1),
  messages: z.number().int().nonnegative(),
  firstS: z.number().nonnegative(),
  lastS: z.number().nonnegative(),
  buckets: z.array(z.number().int().nonnegative()),
});

const windowSchema = z.object({
  platform: z.enum(PLATFORMS),
  source: z.enum(SOURCES),
  channel: z.object({ login: z.string().min(1), id: z.string().min(1).nullable() }),
  contentId: z.string().nullable(),
  contentStartedAt: z.string().datetime({ offset: true }).nullable(),
  start: z.string().datetime({ offset: true }).nullable(),
  vodOffsetS: z.number().nonnegative().nullable(),
  lengthS: z.number().positive(),
  bucketLenS: z.number().positive(),
  users: z.array(userSchema),
  meta: z.object({
    gameId: z.string().nullable(),
    gameName: z.string().nullable(),
    language: z.string().nullable(),
    viewerCount: z.number().nonnegative().nullable(),
    title: z.string().nullable(),
    // Optional so that raw windows written before the field existed still load; "" counts as unknown.
    displayName: z
      .string()
      .nullable()
      .default(null)
      .transform((v) => (v === "" ? null : v)),
  }),
});

/**
 * Checks and normalises a window: logins lowercased, users unique by id, exactly one of `start` and
 * `vodOffsetS`, VOD windows carry `contentStartedAt`. Throws InputError naming `where` and the field.
 */
export function validatePresenceWindow(value: unknown, where = "presence window"): PresenceWindow {
  const parsed = windowSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${where}: field ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const w = parsed.data as PresenceWindow;
  if ((w.start === null) === (w.vodOffsetS === null)) {
    throw new InputError(`${where}: exactly one of start and vodOffsetS must be set`);
  }
  if (w.source === "vod" && w.contentStartedAt === null) {
    throw new InputError(`${where}: field contentStartedAt: required for vod windows`);
  }
  if (w.source === "live" && w.start === null) {
    throw new InputError(`${where}: field start: required for live windows`);
  }
  const login = w.channel.login.toLowerCase();
  if (!LOGIN.test(login)) throw new InputError(`${where}: field channel.login: not a login: ${JSON.stringify(w.channel.login)}`);
  const seen = new Set<string>();
  for (const [i, u] of w.users.entries()) {
    if (seen.has(u.id)) throw new InputError(`${where}: field users.${i}.id: duplicate user ${u.id}`);
    seen.add(u.id);
    u.login = u.login.toLowerCase();
    if (u.lastS < u.firstS) throw new InputError(`${where}: field users.${i}.lastS: before firstS`);
  }
  return { ...w, channel: { ...w.channel, login } };
}

/** Absolute start of a window in ms since epoch (live: start; vod: contentStartedAt + offset). */
export function windowStartMs(w: PresenceWindow): number {
  if (w.start !== null) return Date.parse(w.start);
  return Date.parse(w.contentStartedAt as string) + (w.vodOffsetS as number) * 1000;
}
