import { describe, expect, it } from "vitest";
import { createRng } from "../../core/index.js";
import { csrFromEdges } from "../graph/CsrGraph.js";
import { karateClub, plantedPartition, twoCliquesJoined } from "../../../test/support/smallGraphs.js";
import { REAL_GRAPHS, loadRealGraph } from "../../../test/support/realGraphs.js";
import { applyMinCommunitySize, consensus, detectCommunities, isEachCommunityConnected } from "./detect.js";
import { splitDisconnectedCommunities } from "./membership.js";
import { modularity } from "./modularity.js";

/** Two 5-cliques joined by one edge, plus a separate triangle and an isolated pair. */
function cliquesWithSmallParts() {
  const big = twoCliquesJoined(5);
  const s: number[] = [];
  const t: number[] = [];
  const w: number[] = [];
  for (let u = 0; u < big.n; u++) {
    for (let i = big.offsets[u]; i < big.offsets[u + 1]; i++) {
      if (u < big.targets[i]) {
        s.push(u);
        t.push(big.targets[i]);
        w.push(big.weights[i]);
      }
    }
  }
  s.push(10, 11, 10, 13);
  t.push(11, 12, 12, 14);
  w.push(1, 1, 1, 1);
  return csrFromEdges(15, s, t, w);
}

describe("detectCommunities", () => {
  it.each(["leiden", "louvain", "label-propagation"] as const)("runs %s and numbers communities by decreasing size", (algorithm) => {
    const graph = cliquesWithSmallParts();
    const p = detectCommunities(graph, { algorithm, seed: 5 });
    expect(p.algorithm).toBe(algorithm);
    expect(p.count).toBe(4);
    expect(p.membership[0]).toBe(p.membership[4]);
    expect(p.membership[0]).not.toBe(p.membership[5]);
    expect(p.membership[10]).toBe(2);
    expect(p.membership[13]).toBe(3);
    expect(p.modularity).toBeCloseTo(modularity(graph, p.membership), 12);
    expect(p.stability).toBeNull();
  });

  it.each(["leiden", "louvain", "label-propagation"] as const)("is deterministic for a seed with %s", (algorithm) => {
    const { graph } = plantedPartition(400, 8, 12, 6, createRng(11));
    const a = detectCommunities(graph, { algorithm, seed: 9 });
    const b = detectCommunities(graph, { algorithm, seed: 9 });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
    expect(a.modularity).toBe(b.modularity);
  });

  it("gives Louvain and label propagation sensible quality on a real graph", () => {
    const { graph } = loadRealGraph(REAL_GRAPHS[1]);
    const leiden = detectCommunities(graph, {});
    const louvain = detectCommunities(graph, { algorithm: "louvain" });
    const lpa = detectCommunities(graph, { algorithm: "label-propagation" });
    expect(louvain.modularity).toBeGreaterThan(0.7);
    expect(lpa.modularity).toBeGreaterThan(0.5);
    expect(leiden.modularity).toBeGreaterThanOrEqual(louvain.modularity - 1e-9);
  });

  it("cuts communities below the min size to unassigned, keeping the others' order", () => {
    const graph = cliquesWithSmallParts();
    const full = detectCommunities(graph, { seed: 5 });
    const cut = detectCommunities(graph, { seed: 5, minCommunitySize: 3 });
    expect(cut.count).toBe(3);
    expect(Array.from(cut.membership.slice(13))).toEqual([-1, -1]);
    expect(Array.from(cut.membership.slice(0, 13))).toEqual(Array.from(full.membership.slice(0, 13)));
    expect(cut.modularity).toBeCloseTo(modularity(graph, cut.membership), 12);
    const none = applyMinCommunitySize(graph, full, 6);
    expect(none.count).toBe(0);
    expect(none.membership.every((c) => c === -1)).toBe(true);
  });

  it("rejects unknown algorithms and bad sizes with a message naming communities", () => {
    const graph = karateClub();
    expect(() => detectCommunities(graph, { algorithm: "walktrap" as never })).toThrow(/^communities: invalid options: algorithm must be one of/);
    expect(() => detectCommunities(graph, { minCommunitySize: 0 })).toThrow(/minCommunitySize must be an integer >= 1/);
  });
});

describe("consensus", () => {
  it("gives stability 1 to every community when all runs agree", () => {
    const graph = twoCliquesJoined(8);
    const p = consensus(graph, { seed: 1 }, 5);
    expect(p.count).toBe(2);
    expect(Array.from(p.stability ?? [])).toEqual([1, 1]);
  });

  it("reports the first run's partition with stabilities between 0 and 1, carried through the min-size cut", () => {
    const { graph } = plantedPartition(300, 6, 4, 4, createRng(3));
    const single = detectCommunities(graph, { seed: 7 });
    const p = detectCommunities(graph, { seed: 7, consensusRuns: 4 });
    expect(Array.from(p.membership)).toEqual(Array.from(single.membership));
    const stability = p.stability ?? new Float64Array(0);
    expect(stability.length).toBe(p.count);
    expect(stability.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(stability.some((s) => s < 1)).toBe(true);
    const cut = applyMinCommunitySize(graph, p, 40);
    expect(Array.from(cut.stability ?? [])).toEqual(Array.from(stability.slice(0, cut.count)));
  });
});

describe("isEachCommunityConnected", () => {
  it("tells a connected partition from one whose community has two separate parts", () => {
    const graph = cliquesWithSmallParts();
    expect(isEachCommunityConnected(graph, detectCommunities(graph).membership)).toBe(true);
    const joined = Int32Array.from({ length: 15 }, (_, v) => (v >= 10 ? 2 : v < 5 ? 0 : 1));
    expect(isEachCommunityConnected(graph, joined)).toBe(false);
    expect(splitDisconnectedCommunities(graph, joined).count).toBe(4);
    expect(isEachCommunityConnected(graph, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1])).toBe(true);
  });
});
