import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { UndirectedGraph } from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { afterEach, describe, expect, it } from "vitest";
import type { RunResult } from "../../core/index.js";
import { LATEST_RUN, LocalLakeStore } from "../../lake/index.js";
import { parseCsv } from "./csv.js";
import { type EdgeColumns, edgesCsvFromColumns, gexfFromColumns, runEdgesFromColumns } from "./edgeColumns.js";
import { toEdgesCsv, toGexf, toNodesCsv } from "./runFiles.js";
import { listRuns, readRun, writeRun } from "./runStore.js";

function sampleRun(runId = "2026-01-01T00-00-00Z"): RunResult {
  return {
    summary: {
      runId,
      createdAt: "2026-01-01T00:00:00.000Z",
      engine: "embedded",
      versions: { vieweratlas: "0.1.0" },
      input: { kind: "presence", description: "test", since: "2025-12-01", until: "2025-12-31" },
      parameters: {},
      counts: { channels: 3, edges: 2, users: 10, rows: 20, days: 30 },
      filters: {},
      timings: [],
      algorithm: "leiden",
      seed: 42,
      resolution: 1,
      modularity: 0.4,
      communityCount: 1,
      unassignedChannels: 1,
    },
    nodes: [
      { id: "a,b", label: 'The "A"', community: 0, size: 10, game: "Chess", language: "en" },
      { id: "<script>alert(1)</script>", label: "<script>alert(1)</script>", community: 0, size: 5, game: null, language: null },
      { id: "solo", label: "solo", community: -1, size: 1, game: "Line\nbreak", language: "de" },
    ],
    edges: [
      { source: "a,b", target: "<script>alert(1)</script>", weight: 4, shared: 4, shareSource: 0.4, shareTarget: 0.8 },
      { source: "a,b", target: "solo", weight: 1.5, shared: null, shareSource: null, shareTarget: null },
    ],
    communities: [{ id: 0, label: "Chess", size: 2, audience: 15, topGames: [{ name: "Chess", share: 1 }], topLanguages: [{ name: "en", share: 1 }], topChannels: ["a,b", "<script>alert(1)</script>"], stability: null }],
  };
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe("run files", () => {
  it("writes nodes.csv and edges.csv with their headers and RFC 4180 quoting", () => {
    const run = sampleRun();
    const nodes = text(toNodesCsv(run.nodes));
    expect(nodes.split("\n")[0]).toBe("id,label,community,size,game,language");
    expect(nodes).toContain('"a,b","The ""A""",0,10,Chess,en\n');
    expect(nodes).toContain('"Line\nbreak"');
    const edges = text(toEdgesCsv(run.edges));
    expect(edges.split("\n")[0]).toBe("source,target,weight,shared,share_source,share_target");
    expect(edges).toContain('"a,b",<script>alert(1)</script>,4,4,0.4,0.8\n');
    expect(edges).toContain('"a,b",solo,1.5,,,\n');
    const rows = [...parseCsv(nodes)].map((r) => r.fields);
    expect(rows[1]).toEqual(["a,b", 'The "A"', "0", "10", "Chess", "en"]);
    expect(rows[3][4]).toBe("Line\nbreak");
  });

  it("writes a GEXF that graphology parses back with community and size", () => {
    const gexf = text(toGexf(sampleRun()));
    const graph = parseGexf(UndirectedGraph, gexf);
    expect(graph.order).toBe(3);
    expect(graph.size).toBe(2);
    expect(graph.getNodeAttribute("a,b", "community")).toBe(0);
    expect(graph.getNodeAttribute("solo", "community")).toBe(-1);
    expect(graph.getNodeAttribute("<script>alert(1)</script>", "size")).toBe(5);
    expect(graph.getEdgeAttribute("a,b", "solo", "weight")).toBe(1.5);
    expect(gexf).not.toContain("<script>");
    expect(gexf).toContain("&lt;script&gt;");
  });
});

describe("run files from edge columns", () => {
  // Logins that need CSV quoting or XML escaping, sizes 0 / NaN (no shares), unknown shared (NaN), fractions.
  const columns: EdgeColumns = {
    logins: ["a,b", "<script>alert(1)</script>", "solo", "ünï\u0001 ", 'q"uote'],
    sizes: Float64Array.from([10, 5, 0, 3, NaN]),
    source: Int32Array.from([0, 0, 1, 3, 4, 2]),
    target: Int32Array.from([1, 2, 3, 4, 0, 3]),
    weight: Float64Array.from([4, 1.5, 1 / 3, 1e-7, 2, Infinity]),
    shared: Float64Array.from([4, NaN, 1, 2, 7, 3]),
  };
  const nodes = columns.logins.map((id, i) => ({ id, label: id.toUpperCase(), community: i % 2 ? -1 : 0, size: columns.sizes[i], game: null, language: "en" }));

  it("writes the same edges.csv and graph.gexf bytes as the RunEdge writers", () => {
    const edges = runEdgesFromColumns(columns);
    expect(edges[0]).toEqual({ source: "a,b", target: "<script>alert(1)</script>", weight: 4, shared: 4, shareSource: 0.4, shareTarget: 0.8 });
    expect(edges[1]).toMatchObject({ shared: null, shareSource: null, shareTarget: null });
    expect(edges[2]).toMatchObject({ shareSource: 0.2, shareTarget: 0.333333 });
    expect(text(edgesCsvFromColumns(columns))).toBe(text(toEdgesCsv(edges)));
    expect(text(gexfFromColumns(nodes, columns))).toBe(text(toGexf({ nodes, edges })));
  });

  it("stays identical across its internal chunk boundary", () => {
    const n = 5000;
    const big: EdgeColumns = {
      ...columns,
      source: Int32Array.from({ length: n }, (_, e) => e % 5),
      target: Int32Array.from({ length: n }, (_, e) => (e + 1 + (e % 3)) % 5),
      weight: Float64Array.from({ length: n }, (_, e) => e / 7),
      shared: Float64Array.from({ length: n }, (_, e) => (e % 11 === 0 ? NaN : e)),
    };
    const edges = runEdgesFromColumns(big);
    expect(Buffer.compare(edgesCsvFromColumns(big), toEdgesCsv(edges))).toBe(0);
    expect(Buffer.compare(gexfFromColumns(nodes, big), toGexf({ nodes, edges }))).toBe(0);
  });
});

describe("run store", () => {
  it("writes a complete run folder, points latest.json at it, and reads it back", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "va-outputs-"));
    const lake = new LocalLakeStore(dir);
    const run = sampleRun();
    const { prefix, files } = await writeRun(lake, run, { "atlas.svg": "<svg/>" });
    expect(prefix).toBe("analysis/run=2026-01-01T00-00-00Z/");
    expect(files.at(-1)).toBe("summary.json");
    for (const f of ["summary.json", "nodes.csv", "edges.csv", "communities.json", "graph.gexf", "atlas.svg"]) {
      expect(await lake.get(prefix + f), f).not.toBeNull();
    }
    const latest = JSON.parse(Buffer.from((await lake.get(LATEST_RUN)) as Uint8Array).toString("utf8"));
    expect(latest.runId).toBe(run.summary.runId);
    expect(await readRun(lake)).toEqual(run);
    await writeRun(lake, sampleRun("2026-01-02T00-00-00Z"));
    expect(await listRuns(lake)).toEqual(["2026-01-01T00-00-00Z", "2026-01-02T00-00-00Z"]);
    expect((await readRun(lake, "2026-01-01T00-00-00Z")).summary.runId).toBe("2026-01-01T00-00-00Z");
  });

  it("says clearly when the lake holds no run", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "va-outputs-"));
    await expect(readRun(new LocalLakeStore(dir))).rejects.toThrow(/outputs: no analysis run in .*vieweratlas analyze/);
    await expect(readRun(new LocalLakeStore(dir), "nope")).rejects.toThrow(/outputs: no complete run nope/);
  });
});
