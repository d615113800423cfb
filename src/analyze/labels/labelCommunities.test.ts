import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../graph/CsrGraph.js";
import type { ChannelInfo, OverlapGraph, Partition } from "../types.js";
import { LABEL_DEFAULTS, labelCommunities } from "./labelCommunities.js";

type Member = [login: string, game: string | null, language: string | null, size?: number];

/** One community per list of members, no edges: labels read only channels, sizes and the partition. */
function fixture(communities: Member[][], unassigned: Member[] = []): { overlap: OverlapGraph; partition: Partition } {
  const channels: ChannelInfo[] = [];
  const sizes: number[] = [];
  const membership: number[] = [];
  const add = (m: Member, c: number) => {
    channels.push({ login: m[0], displayName: m[0], gameName: m[1], language: m[2], maxViewers: null });
    sizes.push(m[3] ?? 10);
    membership.push(c);
  };
  communities.forEach((members, c) => members.forEach((m) => add(m, c)));
  unassigned.forEach((m) => add(m, -1));
  const n = channels.length;
  const empty = new Int32Array(0);
  return {
    overlap: {
      channels,
      sizes: Float64Array.from(sizes),
      graph: csrFromEdges(n, empty, empty, new Float64Array(0)),
      edges: { source: empty, target: empty, weight: new Float64Array(0), shared: new Float64Array(0) },
      weighting: "shared",
    },
    partition: { membership: Int32Array.from(membership), count: communities.length, modularity: 0, algorithm: "leiden", seed: 1, resolution: 1, stability: null },
  };
}

const ch = (i: number, game: string | null, language: string | null, size?: number): Member => [`c${i}`, game, language, size];

describe("labelCommunities", () => {
  it("names a community after a game held by at least 60% of its channels", () => {
    const { overlap, partition } = fixture([[ch(1, "Chess", "en"), ch(2, "Chess", "de"), ch(3, "Chess", "fr"), ch(4, "Poker", "es"), ch(5, "Chess", "it")]]);
    const [c] = labelCommunities(overlap, partition);
    expect(c.label).toBe("Chess");
    expect(c.topGames[0]).toEqual({ name: "Chess", share: 0.8 });
  });

  it("gives 'Game (lang)' when a game and a language each reach 40%", () => {
    const { overlap, partition } = fixture([[ch(1, "Valorant", "es"), ch(2, "Valorant", "es"), ch(3, "Chess", "en"), ch(4, "Poker", "fr"), ch(5, "Golf", "de")]]);
    expect(labelCommunities(overlap, partition)[0].label).toBe("Valorant (es)");
  });

  it("falls back to a language held by at least 50% of the channels", () => {
    const { overlap, partition } = fixture([[ch(1, "A", "pt"), ch(2, "B", "pt"), ch(3, "C", "pt"), ch(4, "D", "en")]]);
    expect(labelCommunities(overlap, partition)[0].label).toBe("pt");
  });

  it("calls a community with no dominant game or language a mix of its top two games", () => {
    const { overlap, partition } = fixture([[ch(1, "A", "en"), ch(2, "A", "de"), ch(3, "B", "fr"), ch(4, "C", "es"), ch(5, "D", "it")]]);
    expect(labelCommunities(overlap, partition)[0].label).toBe("A / B mix");
  });

  it("uses the largest channels when no game is known (imported graphs)", () => {
    const { overlap, partition } = fixture([[ch(1, null, null, 5), ch(2, null, null, 50), ch(3, null, null, 20)]]);
    const [c] = labelCommunities(overlap, partition);
    expect(c.label).toBe("c2 / c3");
    expect(c.topChannels).toEqual(["c2", "c3", "c1"]);
    expect(c.audience).toBe(75);
    expect(c.topGames).toEqual([]);
  });

  it("counts shares over channels whose game is known only", () => {
    const { overlap, partition } = fixture([[ch(1, "Chess", null), ch(2, "Chess", null), ch(3, null, null), ch(4, null, null), ch(5, "Go", null)]]);
    const [c] = labelCommunities(overlap, partition);
    expect(c.topGames[0].share).toBeCloseTo(2 / 3);
    expect(c.label).toBe("Chess");
  });

  it("takes its thresholds from the options", () => {
    const { overlap, partition } = fixture([[ch(1, "A", "en"), ch(2, "A", "de"), ch(3, "B", "fr")]]);
    expect(labelCommunities(overlap, partition)[0].label).toBe("A");
    expect(labelCommunities(overlap, partition, { ...LABEL_DEFAULTS, gameShare: 0.9, gameLanguageShare: 0.9 })[0].label).toBe("A / B mix");
  });

  it("lists every community once with size, top channels and stability, and leaves unassigned channels out", () => {
    const { overlap, partition } = fixture([[ch(1, "A", "en", 3), ch(2, "A", "en", 9)], [ch(3, "B", "de")]], [ch(4, "C", "fr")]);
    partition.stability = Float64Array.from([1, 0.5]);
    const communities = labelCommunities(overlap, partition, { topChannels: 1 });
    expect(communities.map((c) => [c.id, c.label, c.size, c.topChannels, c.stability])).toEqual([
      [0, "A", 2, ["c2"], 1],
      [1, "B", 1, ["c3"], 0.5],
    ]);
  });
});
