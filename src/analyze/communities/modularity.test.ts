import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../graph/CsrGraph.js";
import { modularity } from "./modularity.js";

// A triangle 0-1-2 (weights 1, 1, 2) and an edge 3-4 (weight 3), joined by 2-3 (weight 1). 2m = 16.
const graph = csrFromEdges(5, [0, 1, 0, 3, 2], [1, 2, 2, 4, 3], [1, 1, 2, 3, 1]);

describe("modularity", () => {
  it("agrees with a hand computation of the weighted formula", () => {
    // Strengths: 3, 2, 4, 4, 3. Triangle: in = 2·4 = 8, K = 9; pair: in = 6, K = 7.
    const expected = 8 / 16 - (9 / 16) ** 2 + (6 / 16 - (7 / 16) ** 2);
    expect(modularity(graph, [0, 0, 0, 1, 1])).toBeCloseTo(expected, 12);
  });

  it("scales the null-model term by the resolution", () => {
    const expected = 8 / 16 - 2 * (9 / 16) ** 2 + (6 / 16 - 2 * (7 / 16) ** 2);
    expect(modularity(graph, [0, 0, 0, 1, 1], 2)).toBeCloseTo(expected, 12);
  });

  it("counts unassigned nodes as singletons", () => {
    const withUnassigned = modularity(graph, [0, 0, 0, -1, -1]);
    const asSingletons = modularity(graph, [0, 0, 0, 1, 2]);
    expect(withUnassigned).toBeCloseTo(asSingletons, 12);
    expect(withUnassigned).toBeCloseTo(8 / 16 - (9 / 16) ** 2 - (4 / 16) ** 2 - (3 / 16) ** 2, 12);
  });

  it("is zero for one community holding everything and for an empty graph", () => {
    expect(modularity(graph, [0, 0, 0, 0, 0])).toBeCloseTo(0, 12);
    expect(modularity(csrFromEdges(3, [], [], []), [0, 1, 2])).toBe(0);
  });

  it("rejects a membership of the wrong length", () => {
    expect(() => modularity(graph, [0, 0])).toThrow(/^communities: membership has 2 entries/);
  });
});
