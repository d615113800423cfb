import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { smallRun, plantedRun } from "../../test/support/renderRuns.js";
import { planAtlas } from "./atlasPlan.js";
import { boxesOverlap } from "./labels.js";
import { computeLayout } from "./layout.js";
import { escapeXml, renderSvg } from "./svg.js";

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), "__golden__", "atlas-small.svg");

describe("renderSvg", () => {
  it("matches the golden SVG for a fixed run and seed (UPDATE_GOLDEN=1 rewrites it)", () => {
    const run = smallRun();
    const svg = renderSvg(run, computeLayout(run, { seed: 42, iterations: 80 }), { imagePx: 800, theme: "dark" });
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, svg);
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: run UPDATE_GOLDEN=1 npx vitest run src/render`).toBe(true);
    expect(svg).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("shows a login holding markup as text, and the SVG still parses", () => {
    const run = smallRun();
    run.nodes[0].label = `<script>alert(1)</script>`;
    run.nodes[1].label = `Bob's "quotes" & \u0007bell`;
    run.communities[0].label = "<b>bold</b> community";
    run.summary.input.description = "import of <evil>.csv";
    const svg = renderSvg(run, computeLayout(run, { iterations: 20 }), { imagePx: 600, labelsPerCommunity: 4 });
    expect(svg).not.toMatch(/<script|<b>|<evil>/);
    expect(svg).not.toContain("\u0007");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(svg).toContain("Bob&#39;s &quot;quotes&quot; &amp; bell");
    expect(svg).toContain("&lt;b&gt;bold&lt;/b&gt; community");
    // resvg's XML parser refuses malformed documents.
    expect(new Resvg(svg).width).toBe(600);
  });

  it("draws labels for large channels without any two overlapping", () => {
    const run = plantedRun(1500, 25, 10);
    const plan = planAtlas(run, computeLayout(run, { iterations: 40 }), { imagePx: 2000, labelsPerCommunity: 5, labelsOverall: 40 });
    expect(plan.labels.length).toBeGreaterThan(40);
    for (let i = 0; i < plan.labels.length; i++) {
      const a = plan.labels[i].box;
      expect(a.x0).toBeGreaterThanOrEqual(plan.frame.map.x0);
      expect(a.x1).toBeLessThanOrEqual(plan.frame.map.x1);
      for (let j = 0; j < i; j++) expect(boxesOverlap(a, plan.labels[j].box)).toBe(false);
    }
    // The largest channel is always labelled, and labels come largest first.
    const largest = run.nodes.reduce((best, n, i) => (n.size > run.nodes[best].size ? i : best), 0);
    expect(plan.labels[0].node).toBe(largest);
  });

  it("keeps each node's strongest edges when the run has more edges than maxEdges", () => {
    const run = plantedRun(400, 5, 20);
    const plan = planAtlas(run, computeLayout(run, { iterations: 5 }), { imagePx: 1000, maxEdges: 1000, edgesPerNode: 2 });
    expect(plan.edgeIndex.length).toBe(1000);
    const degree = new Int32Array(run.nodes.length);
    for (let k = 0; k < plan.edgeIndex.length; k++) {
      degree[plan.edgeSource[k]]++;
      degree[plan.edgeTarget[k]]++;
    }
    expect(degree.every((d) => d > 0)).toBe(true);
    expect(Array.from(plan.edgeClass.slice(0, 100)).every((c) => c === 2)).toBe(true);
  });

  it("writes the run's window, channel count and date in the caption, light or dark", () => {
    const run = smallRun();
    const layout = computeLayout(run, { iterations: 10 });
    const light = renderSvg(run, layout, { imagePx: 500, theme: "light" });
    const dark = renderSvg(run, layout, { imagePx: 500, theme: "dark" });
    expect(light).toContain("window 2024-03-01 to 2024-03-31");
    expect(light).toContain("13 channels");
    expect(light).toContain("run 2022-02-01");
    expect(light).toContain('fill="#ffffff"');
    expect(dark).toContain('fill="#0f1117"');
    // A community label the static fonts cannot draw falls back to its top channels' logins.
    expect(light).toContain("india / juliet");
    expect(light).toContain("No community");
  });

  it("escapes all five XML markup characters", () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe("a&amp;b&lt;c&gt;d&quot;e&#39;f");
  });
});
