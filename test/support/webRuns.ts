/**
 * Lakes of real runs for the web map's tests: each graph goes through the real `vieweratlas analyze --edges`
 * path (import, communities, labels, render, web bundle) at its own clock time, so every run has its own id.
 * Layout iterations and image size are cut down to keep the tests fast.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LocalLakeStore } from "../../src/lake/index.js";
import { main } from "../../src/cli/main.js";
import { captureEffects } from "./cliEffects.js";
import { SHARED_DATA } from "./realGraphs.js";

export interface WebRunSpec {
  name: string;
  /** Edge CSV (absolute, or relative to SHARED_DATA). */
  edges: string;
  nodes?: string;
}

export const TWITCHOVERLAP_2022_01: WebRunSpec = { name: "twitchoverlap-2022-01", edges: "twitchoverlap/2022-01-edges.csv", nodes: "twitchoverlap/2022-01-nodes.csv" };
export const TWITCHATLAS_2021_01: WebRunSpec = {
  name: "twitchatlas-2021-01",
  edges: "twitchatlas/01.17.2021.13.37.23EDGELIST.csv",
  nodes: "twitchatlas/01.17.2021.13.37.23LABELS.csv",
};
/** A login holding markup, as an imported file may carry it. */
export const MARKUP_LOGIN = "<script>alert(1)</script>";

export interface WebTestLake {
  dir: string;
  lakeDir: string;
  lake: LocalLakeStore;
  /** Run ids by spec name, in the order built (later runs are newer). */
  runIds: Record<string, string>;
}

/** Writes a tiny edge list whose first channel's login is MARKUP_LOGIN; returns its spec. */
export async function writeMarkupGraph(dir: string): Promise<WebRunSpec> {
  const edges = path.join(dir, "markup-edges.csv");
  await writeFile(edges, `source,target,weight\n"${MARKUP_LOGIN}",alpha,50\nalpha,beta,40\nbeta,"${MARKUP_LOGIN}",30\nbeta,gamma,20\ngamma,delta,25\n`);
  return { name: "markup", edges };
}

export async function buildWebTestLake(specs: readonly WebRunSpec[], options: { dir?: string; startMs?: number } = {}): Promise<WebTestLake> {
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), "web-lake-")));
  const lakeDir = path.join(dir, "lake");
  const runIds: Record<string, string> = {};
  let startMs = options.startMs ?? Date.UTC(2024, 4, 10, 12);
  for (const spec of specs) {
    const c = captureEffects({ cwd: dir, startMs });
    const file = (f: string) => path.resolve(SHARED_DATA, f);
    const args = ["node", "vieweratlas", "analyze", "--edges", file(spec.edges), ...(spec.nodes ? ["--nodes", file(spec.nodes)] : [])];
    const code = await main(
      [...args, "--lake", lakeDir, "--log-level", "silent", "--json", "--set", "render.image_px=512", "--set", "render.layout_iterations=60"],
      c.effects,
    );
    if (code !== 0) throw new Error(`analyze ${spec.name} failed (${code}): ${c.stderr.text()}`);
    runIds[spec.name] = (JSON.parse(c.stdout.text()) as { runId: string }).runId;
    startMs += 3_600_000;
  }
  return { dir, lakeDir, lake: new LocalLakeStore(lakeDir), runIds };
}

/**
 * Top neighbours of a channel straight from a run's edges.csv, to check the map and the API against: by shared
 * users (else weight), then login. The real graphs' logins need no CSV quoting, so a split reads them.
 */
export function neighboursFromEdgesCsv(csv: string, login: string, limit: number): string[] {
  const rows: { id: string; rank: number }[] = [];
  for (const line of csv.split("\n").slice(1)) {
    if (line === "") continue;
    const [source, target, weight, shared] = line.split(",");
    const rank = shared === "" ? Number(weight) : Number(shared);
    if (source === login) rows.push({ id: target, rank });
    else if (target === login) rows.push({ id: source, rank });
  }
  rows.sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : 1));
  return rows.slice(0, limit).map((r) => r.id);
}
