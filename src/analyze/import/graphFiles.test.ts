import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGexf } from "../outputs/runFiles.js";
import { readEdgeList, readGexf, readNodeList } from "./graphFiles.js";
import { overlapFromImport } from "./importedGraph.js";

const DATA = path.resolve(__dirname, "../../../../shared/data");

/** The eight real CSV pairs with their counts (rows as in the files; nodes = union of both files). */
const REAL = [
  { edges: "twitchoverlap/2021-12-edges.csv", nodes: "twitchoverlap/2021-12-nodes.csv", edgeRows: 8585, nodeRows: 1162, channels: 1162 },
  { edges: "twitchoverlap/2022-01-edges.csv", nodes: "twitchoverlap/2022-01-nodes.csv", edgeRows: 14214, nodeRows: 1682, channels: 1682 },
  { edges: "twitchatlas/01.17.2021.13.37.23EDGELIST.csv", nodes: "twitchatlas/01.17.2021.13.37.23LABELS.csv", edgeRows: 4389, nodeRows: 575, channels: 575 },
  { edges: "twitchatlas/02.03.2021.21.30.16EDGELIST.csv", nodes: "twitchatlas/02.03.2021.21.30.16LABELS.csv", edgeRows: 3667, nodeRows: 629, channels: 629 },
  { edges: "twitchatlas/05.23.2021.16.00.49EDGELIST.csv", nodes: "twitchatlas/05.23.2021.16.00.49LABELS.csv", edgeRows: 115168, nodeRows: 2000, channels: 2000 },
  { edges: "twitchatlas/10.05.2021.13.04EDGELIST.csv", nodes: "twitchatlas/10.05.2021.13.04LABELS.csv", edgeRows: 82275, nodeRows: 2200, channels: 2200 },
];

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "va-import-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("graph imports", () => {
  it.each(REAL)("loads $edges and its node list as they are", async (spec) => {
    const edges = await readEdgeList(path.join(DATA, spec.edges));
    const nodes = await readNodeList(path.join(DATA, spec.nodes));
    expect(edges.source.length).toBe(spec.edgeRows);
    expect(nodes.id.length).toBe(spec.nodeRows);
    expect(edges.skipped.count + nodes.skipped.count).toBe(0);
    const { overlap } = overlapFromImport(edges, nodes);
    expect(overlap.channels.length).toBe(spec.channels);
    expect(overlap.edges.source.length).toBe(spec.edgeRows);
    expect(overlap.graph.targets.length).toBe(2 * spec.edgeRows);
    expect(overlap.channels.every((c) => c.login === c.login.toLowerCase())).toBe(true);
    expect(Array.from(overlap.sizes).every((s) => s >= 0)).toBe(true);
    expect(Number.isNaN(overlap.edges.shared[0])).toBe(true);
  });

  it("keeps display names from the node list and lower-cases ids (twitchatlas has mixed case)", async () => {
    const nodes = await readNodeList(path.join(DATA, "twitchatlas/02.03.2021.21.30.16LABELS.csv"));
    const k = nodes.id.indexOf("xqcow");
    expect(k).toBeGreaterThanOrEqual(0);
    expect(nodes.label[k]).toBe("xQcOW");
  });

  it("skips a bad row, names its file and line, and goes on", async () => {
    const file = path.join(dir, "bad.csv");
    await writeFile(file, "Source,Target,Weight\r\na,b,3\r\nb,c,lots\r\nc,,1\r\nC,d,2\r\nd,a,1\r\n");
    const edges = await readEdgeList(file);
    expect(edges.source).toEqual(["a", "c", "d"]);
    expect(edges.skipped.count).toBe(2);
    expect(edges.skipped.examples[0]).toBe(`${file}:3: weight "lots" is not a positive number`);
    expect(edges.skipped.examples[1]).toBe(`${file}:4: missing source or target`);
    const { overlap, report } = overlapFromImport(edges);
    expect(overlap.channels.map((c) => c.login)).toEqual(["a", "b", "c", "d"]);
    // Sizes fall back to weighted degree without a node list.
    expect(Array.from(overlap.sizes)).toEqual([4, 3, 2, 3]);
    expect(report.skipped[0].count).toBe(2);
  });

  it("sums an edge listed twice, in either direction", async () => {
    const file = path.join(dir, "dup.csv");
    await writeFile(file, "source,target,weight\nx,y,2\ny,x,5\n");
    const { overlap } = overlapFromImport(await readEdgeList(file));
    expect(Array.from(overlap.edges.weight)).toEqual([7]);
  });

  it("calls an empty file or a file without the columns an input error", async () => {
    const empty = path.join(dir, "empty.csv");
    await writeFile(empty, "");
    await expect(readEdgeList(empty)).rejects.toThrow(`import: ${empty} is empty`);
    const headerOnly = path.join(dir, "header.csv");
    await writeFile(headerOnly, "source,target,weight\n");
    await expect(readEdgeList(headerOnly)).rejects.toThrow(/has no valid edge rows/);
    const wrong = path.join(dir, "wrong.csv");
    await writeFile(wrong, "foo,bar\n1,2\n");
    await expect(readEdgeList(wrong)).rejects.toThrow(/wrong\.csv:1: header "foo,bar" has no source or target column/);
    await expect(readEdgeList(path.join(dir, "missing.csv"))).rejects.toThrow(/import: cannot read/);
  });

  it("reads a GEXF written by the run outputs back into the same graph", async () => {
    const file = path.join(dir, "g.gexf");
    const nodes = [
      { id: "a", label: "A", community: 0, size: 10, game: null, language: null },
      { id: "b", label: "B", community: 0, size: 20, game: "Chess", language: "en" },
      { id: "c", label: "C", community: 1, size: 5, game: null, language: null },
    ];
    const edges = [
      { source: "a", target: "b", weight: 3, shared: 3, shareSource: null, shareTarget: null },
      { source: "b", target: "c", weight: 1, shared: 1, shareSource: null, shareTarget: null },
    ];
    await writeFile(file, toGexf({ nodes, edges }));
    const g = await readGexf(file);
    const { overlap } = overlapFromImport(g.edges, g.nodes);
    expect(overlap.channels.map((c) => [c.login, c.displayName])).toEqual([["a", "A"], ["b", "B"], ["c", "C"]]);
    expect(Array.from(overlap.sizes)).toEqual([10, 20, 5]);
    expect(Array.from(overlap.edges.weight)).toEqual([3, 1]);
  });
});
