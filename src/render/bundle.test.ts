import { describe, expect, it } from "vitest";
import { smallRun } from "../../test/support/renderRuns.js";
import { toWebBundle, WEB_BUNDLE_VERSION } from "./bundle.js";
import { computeLayout } from "./layout.js";
import { communityColor } from "./palette.js";

describe("toWebBundle", () => {
  it("lists nodes with positions, edges by node index and communities with their colours", () => {
    const run = smallRun();
    const layout = computeLayout(run, { iterations: 10 });
    const bundle = JSON.parse(JSON.stringify(toWebBundle(run, layout)));
    expect(bundle.version).toBe(WEB_BUNDLE_VERSION);
    expect(bundle.summary).toMatchObject({ runId: run.summary.runId, communityCount: 3 });
    expect(bundle.nodes).toHaveLength(run.nodes.length);
    expect(bundle.nodes[4]).toEqual(["echo", "Echo & <Co>", 1, 8000, expect.any(Number), expect.any(Number), null, "es"]);
    expect(bundle.nodes[4][4]).toBeCloseTo(layout.positions[8], 1);
    expect(bundle.edges).toHaveLength(run.edges.length);
    const [s, t, w, shared, shareS, shareT] = bundle.edges[bundle.edges.length - 1];
    expect([bundle.nodes[s][0], bundle.nodes[t][0], w, shared, shareS, shareT]).toEqual(["lima", "mike", 5, 5, 0.01, 0.05]);
    expect(bundle.communities[1]).toMatchObject({ id: 1, size: 4, color: communityColor(1, "dark"), colorLight: communityColor(1, "light") });
  });
});
