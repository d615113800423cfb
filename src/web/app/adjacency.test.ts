import { describe, expect, it } from "vitest";
import { buildAdjacency, topNeighbours } from "./adjacency.js";
import type { BundleEdge, BundleNode } from "./bundleTypes.js";

const node = (id: string, size: number): BundleNode => [id, id.toUpperCase(), 0, size, 0, 0, null, null];
const NODES = [node("a", 100), node("b", 50), node("c", 40), node("d", 10)];
// [source, target, weight, shared, shareSource, shareTarget]
const EDGES: BundleEdge[] = [
  [0, 1, 9, 30, 0.3, 0.6],
  [2, 0, 9, 20, 0.5, 0.2],
  [0, 3, 9, 30, 0.3, 1],
  [1, 2, 1, 5, 0.1, 0.125],
];

describe("topNeighbours", () => {
  const adjacency = buildAdjacency(NODES.length, EDGES);

  it("indexes each undirected edge from both ends", () => {
    expect(Array.from(adjacency.offsets)).toEqual([0, 3, 5, 7, 8]);
    expect(topNeighbours(adjacency, NODES, EDGES, 3).map((n) => n.id)).toEqual(["a"]);
  });

  it("ranks by shared users, then login, and turns the shares to the chosen channel's side", () => {
    const top = topNeighbours(adjacency, NODES, EDGES, 0);
    expect(top.map((n) => [n.id, n.shared, n.shareOfChannel, n.shareOfNeighbour])).toEqual([
      ["b", 30, 0.3, 0.6],
      ["d", 30, 0.3, 1],
      ["c", 20, 0.2, 0.5],
    ]);
    expect(topNeighbours(adjacency, NODES, EDGES, 0, 2)).toHaveLength(2);
  });

  it("ranks by weight when the run does not know shared users (imported graphs)", () => {
    const edges: BundleEdge[] = [
      [0, 1, 5, null, null, null],
      [0, 2, 7, null, null, null],
    ];
    const top = topNeighbours(buildAdjacency(3, edges), NODES, edges, 0);
    expect(top.map((n) => [n.id, n.weight, n.shared, n.shareOfChannel])).toEqual([
      ["c", 7, null, null],
      ["b", 5, null, null],
    ]);
  });
});
