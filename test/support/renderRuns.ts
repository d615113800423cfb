/**
 * Runs for render tests and benchmarks: the real twitchoverlap graphs (tiny CSV reader, Louvain communities
 * through graphology with a seeded rng) and synthetic planted-community graphs of a chosen size.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UndirectedGraph } from "graphology";
import louvainModule from "graphology-communities-louvain";
import { SHARED_DATA } from "./realGraphs.js";
import { type CommunityInfo, createRng, type RunEdge, type RunNode, type RunResult, type RunSummary, UNASSIGNED } from "../../src/core/index.js";

// A CommonJS package typed with `export default`: the default import is the function itself.
const louvain = louvainModule as unknown as typeof louvainModule.default;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Splits one CSV line of plain fields (the twitchoverlap files quote nothing). */
function readCsv(file: string): string[][] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => line.split(","));
}

/** twitchoverlap `YYYY-MM` as a RunResult with Louvain communities (seeded). */
export function loadTwitchOverlapRun(month: string, seed = 7): RunResult {
  const dir = path.join(SHARED_DATA, "twitchoverlap");
  const nodes: RunNode[] = readCsv(path.join(dir, `${month}-nodes.csv`)).map(([id, label, size]) => ({
    id: id.toLowerCase(),
    label,
    community: UNASSIGNED,
    size: Number(size),
    game: null,
    language: null,
  }));
  const known = new Set(nodes.map((n) => n.id));
  const edges: RunEdge[] = readCsv(path.join(dir, `${month}-edges.csv`))
    .map(([source, target, weight]) => ({ source: source.toLowerCase(), target: target.toLowerCase(), weight: Number(weight), shared: Number(weight), shareSource: null, shareTarget: null }))
    .filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target);
  return withCommunities({ nodes, edges }, seed, `twitchoverlap ${month}`, `${month}-01`);
}

/** n nodes in `communityCount` planted communities, about `edgesPerNode` edges each (80 % inside the community). */
export function plantedRun(n: number, communityCount: number, edgesPerNode = 20, seed = 3): RunResult {
  const rng = createRng(seed);
  const nodes: RunNode[] = [];
  for (let i = 0; i < n; i++) {
    const size = Math.round(1000 / (rng() + 0.01));
    nodes.push({ id: `ch${i}`, label: `Channel${i}`, community: i % communityCount, size, game: null, language: null });
  }
  const seen = new Set<string>();
  const edges: RunEdge[] = [];
  const target = Math.round((n * edgesPerNode) / 2);
  while (edges.length < target) {
    const a = Math.floor(rng() * n);
    let b: number;
    if (rng() < 0.8) {
      const offset = 1 + Math.floor(rng() * Math.max(1, Math.floor(n / communityCount) - 1));
      b = (a + offset * communityCount) % n;
    } else b = Math.floor(rng() * n);
    if (a === b) continue;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ source: `ch${a}`, target: `ch${b}`, weight: 1 + Math.floor(rng() * 500), shared: null, shareSource: null, shareTarget: null });
  }
  return { summary: summaryFor(n, edges.length, communityCount, "planted", null), nodes, edges, communities: communitiesOf(nodes, communityCount) };
}

function withCommunities(graphData: { nodes: RunNode[]; edges: RunEdge[] }, seed: number, description: string, since: string): RunResult {
  const graph = new UndirectedGraph();
  for (const node of graphData.nodes) graph.addNode(node.id);
  for (const e of graphData.edges) if (!graph.hasEdge(e.source, e.target)) graph.addEdge(e.source, e.target, { weight: e.weight });
  const membership = louvain(graph, { rng: createRng(seed), getEdgeWeight: "weight" });
  // Renumber communities by total audience, largest first, as the analysis stage does.
  const audience = new Map<number, number>();
  for (const node of graphData.nodes) audience.set(membership[node.id], (audience.get(membership[node.id]) ?? 0) + node.size);
  const order = [...audience.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const rank = new Map(order.map((c, i) => [c, i]));
  for (const node of graphData.nodes) node.community = rank.get(membership[node.id])!;
  const communities = communitiesOf(graphData.nodes, order.length);
  return { summary: summaryFor(graphData.nodes.length, graphData.edges.length, communities.length, description, since), ...graphData, communities };
}

function communitiesOf(nodes: RunNode[], count: number): CommunityInfo[] {
  const members: RunNode[][] = Array.from({ length: count }, () => []);
  for (const node of nodes) if (node.community >= 0) members[node.community].push(node);
  return members.map((list, id) => {
    list.sort((a, b) => b.size - a.size);
    return {
      id,
      label: list.slice(0, 2).map((n) => n.label).join(" / "),
      size: list.length,
      audience: list.reduce((s, n) => s + n.size, 0),
      topGames: [],
      topLanguages: [],
      topChannels: list.slice(0, 10).map((n) => n.id),
      stability: null,
    };
  });
}

function summaryFor(channels: number, edges: number, communityCount: number, description: string, since: string | null): RunSummary {
  return {
    runId: "2022-02-01T00-00-00Z",
    createdAt: "2022-02-01T00:00:00.000Z",
    engine: "test",
    versions: {},
    input: { kind: "edges", description, since, until: since ? since.slice(0, 8) + "31" : null },
    parameters: {},
    counts: { channels, edges, users: null, rows: null, days: null },
    filters: {},
    timings: [],
    algorithm: "louvain",
    seed: 7,
    resolution: 1,
    modularity: 0,
    communityCount,
    unassignedChannels: 0,
  };
}

/**
 * A small fixed run for golden outputs: three communities of four channels plus one unassigned channel,
 * with a label holding markup characters and a non-Latin display name.
 */
export function smallRun(): RunResult {
  const names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];
  const nodes: RunNode[] = names.map((id, i) => ({
    id,
    label: id === "echo" ? "Echo & <Co>" : id === "india" ? "인디아" : id[0].toUpperCase() + id.slice(1),
    community: Math.floor(i / 4),
    size: 1000 * (12 - i),
    game: i % 2 ? "Just Chatting" : null,
    language: i < 4 ? "en" : "es",
  }));
  nodes.push({ id: "mike", label: "Mike", community: UNASSIGNED, size: 500, game: null, language: null });
  const edges: RunEdge[] = [];
  for (let c = 0; c < 3; c++) {
    for (let a = 0; a < 4; a++) {
      for (let b = a + 1; b < 4; b++) {
        const w = 100 + 10 * (a + b);
        edges.push({ source: names[4 * c + a], target: names[4 * c + b], weight: w, shared: w, shareSource: 0.1, shareTarget: 0.2 });
      }
    }
  }
  edges.push({ source: "alpha", target: "echo", weight: 20, shared: 20, shareSource: 0.01, shareTarget: 0.02 });
  edges.push({ source: "echo", target: "india", weight: 15, shared: 15, shareSource: 0.01, shareTarget: 0.02 });
  edges.push({ source: "lima", target: "mike", weight: 5, shared: 5, shareSource: 0.01, shareTarget: 0.05 });
  const communities = communitiesOf(nodes, 3);
  communities[2].label = "인디아 / Juliet";
  const summary = summaryFor(nodes.length, edges.length, 3, "small fixed run", "2024-03-01");
  return { summary: { ...summary, unassignedChannels: 1 }, nodes, edges, communities };
}
