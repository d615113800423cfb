import { describe, expect, it } from "vitest";
import { createRng } from "../../core/index.js";
import { KARATE_BEST_MODULARITY, karateClub, plantedPartition, twoCliquesJoined } from "../../../test/support/smallGraphs.js";
import { REAL_GRAPHS, loadRealGraph } from "../../../test/support/realGraphs.js";
import { isEachCommunityConnected } from "./detect.js";
import { leiden } from "./leiden.js";
import { modularity } from "./modularity.js";

describe("leiden", () => {
  it("splits two cliques joined by one edge into the two cliques", () => {
    const { membership, count } = leiden(twoCliquesJoined(6), { rng: createRng(1) });
    expect(count).toBe(2);
    expect(new Set(membership.slice(0, 6)).size).toBe(1);
    expect(new Set(membership.slice(6)).size).toBe(1);
    expect(membership[0]).not.toBe(membership[6]);
  });

  it("finds the best known partition of the karate club, separating instructor and officer", () => {
    const graph = karateClub();
    const { membership, count } = leiden(graph, { rng: createRng(42) });
    expect(count).toBe(4);
    expect(modularity(graph, membership)).toBeGreaterThanOrEqual(KARATE_BEST_MODULARITY - 1e-4);
    expect(membership[0]).not.toBe(membership[33]);
  });

  it("gives the same partition for the same seed", () => {
    const { graph } = plantedPartition(600, 12, 16, 8, createRng(7));
    const a = leiden(graph, { rng: createRng(3) });
    const b = leiden(graph, { rng: createRng(3) });
    expect(Array.from(a.membership)).toEqual(Array.from(b.membership));
  });

  it("gives valid, connected partitions of similar quality for different seeds", () => {
    const { graph, truth } = plantedPartition(600, 12, 16, 8, createRng(7));
    const truthQuality = modularity(graph, truth);
    for (const seed of [1, 2, 3, 4]) {
      const { membership, count } = leiden(graph, { rng: createRng(seed) });
      expect(membership.length).toBe(600);
      expect(Math.min(...membership)).toBe(0);
      expect(Math.max(...membership)).toBe(count - 1);
      expect(isEachCommunityConnected(graph, membership)).toBe(true);
      expect(modularity(graph, membership)).toBeGreaterThanOrEqual(truthQuality - 0.01);
    }
  });

  it("finds more, smaller communities at a higher resolution, and runs CPM", () => {
    const graph = karateClub();
    const coarse = leiden(graph, { resolution: 0.5, rng: createRng(1) });
    const fine = leiden(graph, { resolution: 2, rng: createRng(1) });
    expect(fine.count).toBeGreaterThan(coarse.count);
    const cpm = leiden(graph, { quality: "cpm", resolution: 0.1, rng: createRng(1) });
    expect(cpm.count).toBeGreaterThan(1);
    expect(isEachCommunityConnected(graph, cpm.membership)).toBe(true);
  });

  it("starts from a given partition and stops after the given number of passes", () => {
    const graph = karateClub();
    const start = Int32Array.from({ length: 34 }, (_, v) => (v < 17 ? 0 : 1));
    const result = leiden(graph, { initialMembership: start, iterations: 1, rng: createRng(1) });
    expect(result.passes).toBe(1);
    expect(modularity(graph, result.membership)).toBeGreaterThanOrEqual(modularity(graph, start));
  });

  it("rejects invalid options with a message naming leiden", () => {
    expect(() => leiden(karateClub(), { theta: 0 })).toThrow(/^leiden: invalid options: theta must be a number > 0/);
    expect(() => leiden(karateClub(), { iterations: 0 })).toThrow(/iterations must be -1 or a positive integer/);
  });

  describe.each(REAL_GRAPHS.map((spec) => [spec.name, spec] as const))("on the real graph %s", (_name, spec) => {
    it(`reaches leidenalg's modularity within 0.002 with connected communities`, () => {
      const { graph } = loadRealGraph(spec);
      const { membership } = leiden(graph, { rng: createRng(42) });
      expect(modularity(graph, membership)).toBeGreaterThanOrEqual(spec.leidenalgModularity - 0.002);
      expect(isEachCommunityConnected(graph, membership)).toBe(true);
    });
  });
});
