/**
 * The known-bot lists that ship with the project (data/bots). Collectors tag service bots at the edge;
 * analysis drops listed bots before building the overlap graph.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BOTS_DIR = new URL("../../data/bots/", import.meta.url);

export interface BotLists {
  /** Chat service bots (nightbot, streamelements, fossabot, …). */
  service: ReadonlySet<string>;
  /** Lurker / viewer bots. */
  viewer: ReadonlySet<string>;
}

let cached: BotLists | null = null;

/** Logins, lower case, from the shipped lists. */
export function loadBotLists(): BotLists {
  cached ??= {
    service: readList("twitch-service-bots.txt"),
    viewer: readList("twitch-viewer-bots.txt"),
  };
  return cached;
}

function readList(name: string): Set<string> {
  const text = readFileSync(fileURLToPath(new URL(name, BOTS_DIR)), "utf8");
  return new Set(
    text
      .split(/\r?\n/)
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith("#")),
  );
}
