/**
 * Channel discovery: which channels the live watcher follows, with what Twitch says about them. From Helix
 * (the top live streams by viewers, with game, language, viewers, title, stream id and start), else from a
 * file (one login a line, re-read on every refresh so it can be edited while collecting), else from the
 * config's collection.channels.
 */
import { readFile } from "node:fs/promises";
import { InputError, type Logger, silentLogger } from "../core/index.js";
import { type LiveStream } from "../platforms/twitch/index.js";
import type { WatchedChannel } from "./live/ChatWatcher.js";

/** Where channels come from; `helix` is anything that lists the top live streams (HelixClient). */
export type ChannelSource =
  | { kind: "helix"; helix: { getTopStreams(limit: number): Promise<LiveStream[]> } }
  | { kind: "file"; path: string }
  | { kind: "list"; logins: readonly string[] };

/** A discovered channel: its login and, from Helix, its id, stream and metadata. */
export type DiscoveredChannel = WatchedChannel;

const LOGIN = /^[a-z0-9_]{1,25}$/;

/** The channels of `source`, at most `limit`, unique by login. Helix errors are thrown as they come. */
export async function discoverChannels(source: ChannelSource, limit: number, logger: Logger = silentLogger()): Promise<DiscoveredChannel[]> {
  if (source.kind === "helix") return (await source.helix.getTopStreams(limit)).map(channelOfStream);
  const logins = source.kind === "file" ? await readChannelsFile(source.path, logger) : normaliseList(source.logins, "config collection.channels", logger);
  return logins.slice(0, limit).map((login) => ({ login }));
}

export function channelOfStream(s: LiveStream): DiscoveredChannel {
  return {
    login: s.login,
    id: s.userId,
    contentId: s.id || null,
    contentStartedAt: s.startedAt,
    meta: { gameId: s.gameId, gameName: s.gameName, language: s.language, viewerCount: s.viewerCount, title: s.title, displayName: s.displayName },
  };
}

/**
 * Reads a channels file: one login a line (a leading `#` of an IRC channel name is accepted), blank lines and
 * lines starting with `# ` or `//` skipped. A line that is not a login is skipped and logged with its line
 * number; a file with no login at all is an InputError.
 */
export async function readChannelsFile(path: string, logger: Logger = silentLogger()): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new InputError(`discovery: channels file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  const lines = text.split(/\r?\n/);
  const logins = normaliseList(lines, path, logger);
  if (logins.length === 0) throw new InputError(`discovery: channels file ${path}: no channel logins in it (one login a line)`);
  return logins;
}

function normaliseList(lines: readonly string[], where: string, logger: Logger): string[] {
  const out = new Set<string>();
  let skipped = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line === "#" || line.startsWith("# ") || line.startsWith("//")) return;
    const login = line.replace(/^#/, "").toLowerCase();
    if (!LOGIN.test(login)) {
      skipped++;
      logger.warn({ where: `${where}:${i + 1}`, value: line.slice(0, 40) }, "discovery: not a channel login, skipped");
      return;
    }
    out.add(login);
  });
  if (skipped) logger.warn({ where, skipped }, "discovery: lines skipped");
  return [...out];
}
