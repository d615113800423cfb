/**
 * Names each community from its member channels' games and languages (the original design's rules):
 * a game held by >= 60% of the members names it; else a game held by >= 40% together with a language held by
 * >= 40% gives "Game (lang)"; else a language held by >= 50% gives "lang"; else "Top1 / Top2 mix" of the two
 * most held games (with no game known, as in imported graphs, "chan1 / chan2": the two largest channels).
 * Shares count member channels whose game (or language) is known, so a community of channels with unknown
 * games is judged by those it knows.
 */
import { type CommunityInfo, ConfigError, type Share, UNASSIGNED } from "../../core/index.js";
import type { OverlapGraph, Partition } from "../types.js";

export interface LabelOptions {
  /** A game held by at least this share of members names the community. */
  gameShare: number;
  /** A game and a language each held by at least this share give "Game (lang)". */
  gameLanguageShare: number;
  /** A language held by at least this share names the community. */
  languageShare: number;
  /** How many channels each community lists, largest audience first. */
  topChannels: number;
  /** How many games and languages each community lists with their shares. */
  topShares: number;
}

export const LABEL_DEFAULTS: LabelOptions = {
  gameShare: 0.6,
  gameLanguageShare: 0.4,
  languageShare: 0.5,
  topChannels: 10,
  topShares: 3,
};

export function resolveLabelOptions(options: Partial<LabelOptions> = {}): LabelOptions {
  const o = { ...LABEL_DEFAULTS, ...options };
  for (const name of ["gameShare", "gameLanguageShare", "languageShare"] as const) {
    if (!(o[name] >= 0 && o[name] <= 1)) throw new ConfigError(`labels: ${name} must be in [0, 1], got ${o[name]}`);
  }
  return o;
}

/** One CommunityInfo per community id 0..k-1 of the partition (unassigned channels belong to none). */
export function labelCommunities(overlap: OverlapGraph, partition: Partition, options: Partial<LabelOptions> = {}): CommunityInfo[] {
  const o = resolveLabelOptions(options);
  const { membership } = partition;
  let count = 0;
  for (let i = 0; i < membership.length; i++) if (membership[i] + 1 > count) count = membership[i] + 1;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < membership.length; i++) if (membership[i] !== UNASSIGNED) members[membership[i]].push(i);

  return members.map((list, id) => {
    const byAudience = list.slice().sort((a, b) => overlap.sizes[b] - overlap.sizes[a] || compare(overlap.channels[a].login, overlap.channels[b].login));
    const topChannels = byAudience.slice(0, o.topChannels).map((i) => overlap.channels[i].login);
    const games = shares(list.map((i) => overlap.channels[i].gameName));
    const languages = shares(list.map((i) => overlap.channels[i].language));
    let audience = 0;
    for (const i of list) audience += overlap.sizes[i];
    return {
      id,
      label: chooseLabel(games, languages, topChannels, o),
      size: list.length,
      audience,
      topGames: games.slice(0, o.topShares),
      topLanguages: languages.slice(0, o.topShares),
      topChannels,
      stability: partition.stability ? partition.stability[id] ?? null : null,
    };
  });
}

/** The label rules alone, on shares sorted largest first. */
export function chooseLabel(games: Share[], languages: Share[], topChannels: string[], o: LabelOptions): string {
  const game = games[0];
  const language = languages[0];
  if (game && game.share >= o.gameShare) return game.name;
  if (game && language && game.share >= o.gameLanguageShare && language.share >= o.gameLanguageShare) {
    return `${game.name} (${language.name})`;
  }
  if (language && language.share >= o.languageShare) return language.name;
  if (games.length >= 2) return `${games[0].name} / ${games[1].name} mix`;
  if (games.length === 1) return games[0].name;
  // No game known (imported graphs): the two largest channels name it.
  return topChannels.slice(0, 2).join(" / ") || "unknown";
}

/** Shares of each known value, largest first (ties by name, so labels are deterministic). */
function shares(values: (string | null)[]): Share[] {
  const counts = new Map<string, number>();
  let known = 0;
  for (const v of values) {
    if (v === null || v === "") continue;
    known++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, n]) => ({ name, share: n / known }))
    .sort((a, b) => b.share - a.share || compare(a.name, b.name));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
