import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureEffects } from "../../../test/support/cliEffects.js";
import { toGexf } from "../../analyze/index.js";
import { main } from "../main.js";

const DATA = path.resolve(__dirname, "../../../../shared/data");

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "va-analyze-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) => {
  const fx = captureEffects({ cwd: dir });
  return main(["node", "vieweratlas", ...args, "--lake", "lake", "--log-level", "silent"], fx.effects).then((code) => ({ code, out: fx.stdout.text(), err: fx.stderr.text() }));
};

describe("vieweratlas analyze", () => {
  it("analyzes an imported graph, renders it, prints where the run is and copies it with --out", async () => {
    const edges = path.join(DATA, "twitchatlas/01.17.2021.13.37.23EDGELIST.csv");
    const nodes = path.join(DATA, "twitchatlas/01.17.2021.13.37.23LABELS.csv");
    const r = await run(["analyze", "--edges", edges, "--nodes", nodes, "--out", "out"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/run \S+: 575 channels, 4,389 edges/);
    expect(r.out).toContain(`written to     ${path.join(dir, "lake", "analysis")}`);
    expect(r.out).toMatch(/modularity {5}0\.6[5-9]/);
    expect(r.out).toMatch(/communities {4}\d+ \(57 channels unassigned\)/);
    expect(r.out).toContain("largest communities by audience:");
    const files = (await readdir(path.join(dir, "out"))).sort();
    expect(files).toEqual(["atlas.png", "atlas.svg", "communities.json", "edges.csv", "graph.gexf", "layout.json", "nodes.csv", "summary.json", "web.json"]);
  });

  it("skips a bad row, names its file and line, and goes on", async () => {
    await writeFile(path.join(dir, "g.csv"), "source,target,weight\na,b,5\nb,c,x\nc,a,2\nd,e,4\n");
    const r = await run(["analyze", "--edges", "g.csv", "--no-render"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`skipped        1 rows of ${path.join(dir, "g.csv")} (e.g. ${path.join(dir, "g.csv")}:3: weight "x" is not a positive number)`);
    expect(r.out).toMatch(/communities {4}2\b/);
  });

  it("analyzes a GEXF graph", async () => {
    const nodes = ["a", "b", "c", "d", "e", "f"].map((id, i) => ({ id, label: id.toUpperCase(), community: 0, size: 10 + i, game: null, language: null }));
    const edge = (source: string, target: string, weight: number) => ({ source, target, weight, shared: null, shareSource: null, shareTarget: null });
    const edges = [edge("a", "b", 5), edge("b", "c", 5), edge("a", "c", 5), edge("d", "e", 5), edge("e", "f", 5), edge("d", "f", 5), edge("c", "d", 1)];
    await writeFile(path.join(dir, "g.gexf"), toGexf({ nodes, edges }));
    const r = await run(["analyze", "--gexf", "g.gexf", "--no-render", "--json"]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.input).toMatchObject({ kind: "gexf", description: path.join(dir, "g.gexf") });
    expect(summary.counts).toMatchObject({ channels: 6, edges: 7 });
    expect(summary.communityCount).toBe(2);
  });

  it("gives a clear message for an empty window instead of an empty map", async () => {
    const r = await run(["analyze", "--since", "2025-01-01", "--until", "2025-01-31"]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/no presence between 2025-01-01 and 2025-01-31/);
  });

  it("refuses conflicting inputs", async () => {
    const r = await run(["analyze", "--edges", "a.csv", "--gexf", "b.gexf"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("analyze: give --edges or --gexf, not both");
  });
});
