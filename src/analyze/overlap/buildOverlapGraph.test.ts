import { describe, expect, it } from "vitest";
import { ConfigError, createRng } from "../../core/index.js";
import type { PresenceMatrix } from "../types.js";
import { buildOverlapGraph } from "./buildOverlapGraph.js";

/** A matrix from (channel, user, days) cells; channels are named c0, c1, … */
function matrixFrom(channelCount: number, cells: [number, number, number][]): PresenceMatrix {
  const sorted = [...cells].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const offsets = new Int32Array(channelCount + 1);
  for (const [c] of sorted) offsets[c + 1]++;
  for (let c = 0; c < channelCount; c++) offsets[c + 1] += offsets[c];
  const userCount = Math.max(0, ...cells.map(([, u]) => u + 1));
  return {
    channels: Array.from({ length: channelCount }, (_, c) => ({ login: `c${c}`, displayName: `c${c}`, gameName: null, language: null, maxViewers: null })),
    userCount,
    offsets,
    userIndex: Int32Array.from(sorted.map(([, u]) => u)),
    days: Uint16Array.from(sorted.map(([, , d]) => d)),
    since: null,
    until: null,
    report: { rows: 0, channels: channelCount, users: userCount, days: 0, bySource: {}, filters: [], skipped: [] },
  };
}

function edgeMap(g: ReturnType<typeof buildOverlapGraph>): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (let e = 0; e < g.edges.source.length; e++) out[`${g.edges.source[e]}-${g.edges.target[e]}`] = [g.edges.weight[e], g.edges.shared[e]];
  return out;
}

// A, B, C, D = channels 0..3. u0: A(3 days) B(1); u1: A(2) B(2) C(1); u2: B(5) C(4); u3: D(1); u4: A(1).
const HAND = matrixFrom(4, [
  [0, 0, 3], [1, 0, 1],
  [0, 1, 2], [1, 1, 2], [2, 1, 1],
  [1, 2, 5], [2, 2, 4],
  [3, 3, 1],
  [0, 4, 1],
]);

describe("buildOverlapGraph", () => {
  it("counts unique shared users by default (sizes 3, 3, 2, 1)", () => {
    const g = buildOverlapGraph(HAND);
    expect(Array.from(g.sizes)).toEqual([3, 3, 2, 1]);
    expect(edgeMap(g)).toEqual({ "0-1": [2, 2], "0-2": [1, 1], "1-2": [2, 2] });
    expect(g.weighting).toBe("shared");
  });

  it("weighs repeat viewing as the sum of min(days in A, days in B) over shared users", () => {
    // A-B: min(3,1) + min(2,2) = 3; A-C: min(2,1) = 1; B-C: min(2,1) + min(5,4) = 5.
    expect(edgeMap(buildOverlapGraph(HAND, { weighting: "repeat" }))).toEqual({ "0-1": [3, 2], "0-2": [1, 1], "1-2": [5, 2] });
  });

  it("weighs jaccard as shared / union and cosine as shared / sqrt(|A||B|)", () => {
    const j = edgeMap(buildOverlapGraph(HAND, { weighting: "jaccard", threshold: 0 }));
    expect(j["0-1"][0]).toBeCloseTo(2 / 4);
    expect(j["0-2"][0]).toBeCloseTo(1 / 4);
    expect(j["1-2"][0]).toBeCloseTo(2 / 3);
    const c = edgeMap(buildOverlapGraph(HAND, { weighting: "cosine", threshold: 0 }));
    expect(c["0-1"][0]).toBeCloseTo(2 / 3);
    expect(c["0-2"][0]).toBeCloseTo(1 / Math.sqrt(6));
    expect(c["1-2"][0]).toBeCloseTo(2 / Math.sqrt(6));
    expect(c["1-2"][1]).toBe(2);
  });

  it("keeps edges whose weight reaches the threshold, and isolated channels as nodes without edges", () => {
    const g = buildOverlapGraph(HAND, { threshold: 2 });
    expect(edgeMap(g)).toEqual({ "0-1": [2, 2], "1-2": [2, 2] });
    expect(g.channels).toHaveLength(4);
    expect(g.graph.n).toBe(4);
    expect(Array.from(g.graph.offsets)).toEqual([0, 1, 3, 4, 4]);
    expect(Array.from(g.graph.targets)).toEqual([1, 0, 2, 1]);
    expect(Object.keys(edgeMap(buildOverlapGraph(HAND, { weighting: "jaccard", threshold: 0.5 })))).toEqual(["0-1", "1-2"]);
  });

  it("keeps a hub's strong edges and drops its weak ones under the disparity backbone", () => {
    // Hub 0 shares 100 users with channels 1 and 2 and one user with each of channels 3..12.
    const cells: [number, number, number][] = [];
    let u = 0;
    for (const leaf of [1, 2]) for (let k = 0; k < 100; k++, u++) cells.push([0, u, 1], [leaf, u, 1]);
    for (let leaf = 3; leaf <= 12; leaf++, u++) cells.push([0, u, 1], [leaf, u, 1]);
    const m = matrixFrom(13, cells);
    expect(buildOverlapGraph(m).edges.source.length).toBe(12);
    const backbone = buildOverlapGraph(m, { backboneAlpha: 0.05 });
    expect(edgeMap(backbone)).toEqual({ "0-1": [100, 100], "0-2": [100, 100] });
    expect(backbone.graph.offsets[13]).toBe(4);
  });

  it("equals a brute-force pair count on a random matrix, for every weighting", () => {
    const rng = createRng(11);
    const channels = 30;
    const cells: [number, number, number][] = [];
    for (let u = 0; u < 300; u++) {
      const picks = new Set<number>();
      const k = 1 + Math.floor(rng() * rng() * 8);
      while (picks.size < k) picks.add(Math.floor(rng() * rng() * channels));
      for (const c of picks) cells.push([c, u, 1 + Math.floor(rng() * 5)]);
    }
    const m = matrixFrom(channels, cells);
    const days = new Map(cells.map(([c, uu, d]) => [`${c}:${uu}`, d]));
    const members = Array.from({ length: channels }, (_, c) => cells.filter(([cc]) => cc === c).map(([, uu]) => uu));
    for (const weighting of ["shared", "repeat", "jaccard", "cosine"] as const) {
      const want: Record<string, [number, number]> = {};
      for (let a = 0; a < channels; a++) {
        for (let b = a + 1; b < channels; b++) {
          const both = members[a].filter((x) => members[b].includes(x));
          if (!both.length) continue;
          const s = both.length;
          const na = members[a].length;
          const nb = members[b].length;
          const w = {
            shared: s,
            repeat: both.reduce((sum, x) => sum + Math.min(days.get(`${a}:${x}`)!, days.get(`${b}:${x}`)!), 0),
            jaccard: s / (na + nb - s),
            cosine: s / Math.sqrt(na * nb),
          }[weighting];
          want[`${a}-${b}`] = [w, s];
        }
      }
      const got = edgeMap(buildOverlapGraph(m, { weighting, threshold: 0 }));
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      for (const key of Object.keys(want)) {
        expect(got[key][0]).toBeCloseTo(want[key][0], 12);
        expect(got[key][1]).toBe(want[key][1]);
      }
    }
  });

  it("builds a symmetric CSR with sorted rows matching the edge list", () => {
    const g = buildOverlapGraph(HAND, { weighting: "repeat" });
    const { offsets, targets, weights } = g.graph;
    for (let v = 0; v < g.graph.n; v++) {
      for (let i = offsets[v]; i < offsets[v + 1]; i++) {
        if (i > offsets[v]) expect(targets[i]).toBeGreaterThan(targets[i - 1]);
        const w = targets[i];
        const back = Array.from(targets.subarray(offsets[w], offsets[w + 1])).indexOf(v);
        expect(weights[offsets[w] + back]).toBe(weights[i]);
      }
    }
    expect(offsets[g.graph.n]).toBe(2 * g.edges.source.length);
  });

  it("rejects unknown weightings and negative thresholds", () => {
    expect(() => buildOverlapGraph(HAND, { weighting: "pmi" as never })).toThrow(ConfigError);
    expect(() => buildOverlapGraph(HAND, { threshold: -1 })).toThrow(/overlap: invalid options: threshold/);
  });
});
