/**
 * Readers for overlap graphs made elsewhere: edge lists (source,target,weight), node lists (id,label,size) and
 * GEXF. Headers are matched case-insensitively with a few synonyms (twitchoverlap: id,label,size;
 * twitchatlas: ID,Label,Count). Channel ids are lower-cased logins. A bad row is skipped and counted with its
 * file:line; an empty file is an InputError.
 */
import { readFile } from "node:fs/promises";
import { MultiGraph } from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { InputError } from "../../core/index.js";
import { parseCsv } from "../outputs/csv.js";

/** Rows a reader skipped: how many, and a few `file:line: reason` examples. */
export interface SkippedRows {
  count: number;
  examples: string[];
}

export interface EdgeList {
  file: string;
  source: string[];
  target: string[];
  weight: number[];
  skipped: SkippedRows;
}

export interface NodeList {
  file: string;
  id: string[];
  label: string[];
  /** NaN when the file gives no size for the node. */
  size: number[];
  skipped: SkippedRows;
}

const MAX_EXAMPLES = 5;

const EDGE_COLUMNS = {
  source: ["source", "from", "src", "channel_a", "a"],
  target: ["target", "to", "dst", "channel_b", "b"],
  weight: ["weight", "shared", "count", "value", "overlap"],
};
const NODE_COLUMNS = {
  id: ["id", "login", "channel", "name", "node"],
  label: ["label", "display_name", "displayname", "name"],
  size: ["size", "count", "chatters", "viewers", "users", "weight"],
};

export async function readEdgeList(file: string): Promise<EdgeList> {
  const records = await readRecords(file);
  const header = records.next();
  if (header.done) throw new InputError(`import: ${file} is empty`);
  const col = findColumns(file, header.value.fields, EDGE_COLUMNS, ["source", "target"]);
  const out: EdgeList = { file, source: [], target: [], weight: [], skipped: { count: 0, examples: [] } };
  for (const { line, fields } of records) {
    const source = login(fields[col.source]);
    const target = login(fields[col.target]);
    const weight = col.weight < 0 ? 1 : Number(fields[col.weight]);
    const problem =
      !source || !target ? "missing source or target"
      : source === target ? "self loop"
      : !(Number.isFinite(weight) && weight > 0) ? `weight ${JSON.stringify(fields[col.weight] ?? "")} is not a positive number`
      : null;
    if (problem) {
      skip(out.skipped, file, line, problem);
      continue;
    }
    out.source.push(source);
    out.target.push(target);
    out.weight.push(weight);
  }
  if (out.source.length === 0) throw new InputError(`import: ${file} has no valid edge rows (${out.skipped.count} skipped)`);
  return out;
}

export async function readNodeList(file: string): Promise<NodeList> {
  const records = await readRecords(file);
  const header = records.next();
  if (header.done) throw new InputError(`import: ${file} is empty`);
  const fields = header.value.fields.map((f) => f.trim().toLowerCase());
  const col = findColumns(file, header.value.fields, NODE_COLUMNS, ["id"]);
  // "name" may be the id (no id column) or the label (an id column exists); never both.
  if (col.label === col.id) col.label = fields.indexOf("label");
  const out: NodeList = { file, id: [], label: [], size: [], skipped: { count: 0, examples: [] } };
  for (const { line, fields: row } of records) {
    const raw = row[col.id]?.trim() ?? "";
    const size = col.size < 0 || row[col.size] === undefined || row[col.size] === "" ? NaN : Number(row[col.size]);
    const problem = !raw ? "missing id" : col.size >= 0 && row[col.size] !== "" && !(size >= 0) ? `size ${JSON.stringify(row[col.size])} is not a number >= 0` : null;
    if (problem) {
      skip(out.skipped, file, line, problem);
      continue;
    }
    out.id.push(login(raw));
    out.label.push(col.label >= 0 && row[col.label]?.trim() ? row[col.label].trim() : raw);
    out.size.push(size);
  }
  if (out.id.length === 0) throw new InputError(`import: ${file} has no valid node rows (${out.skipped.count} skipped)`);
  return out;
}

/** A GEXF file (Gephi) as an edge list and a node list; sizes from a size/count attribute or the viz size. */
export async function readGexf(file: string): Promise<{ edges: EdgeList; nodes: NodeList }> {
  const text = await readText(file);
  if (!text.trim()) throw new InputError(`import: ${file} is empty`);
  let graph: MultiGraph;
  try {
    // NOTE: a multigraph of the file's own type keeps parallel edges, which the import then sums.
    graph = parseGexf(MultiGraph, text, { addMissingNodes: true, allowUndeclaredAttributes: true });
  } catch (e) {
    throw new InputError(`import: ${file} is not valid GEXF: ${(e as Error).message}`, { cause: e });
  }
  const skipped = (): SkippedRows => ({ count: 0, examples: [] });
  const nodes: NodeList = { file, id: [], label: [], size: [], skipped: skipped() };
  graph.forEachNode((key, a) => {
    const attrs = lowerKeys(a);
    nodes.id.push(login(key));
    nodes.label.push(typeof attrs.label === "string" && attrs.label ? attrs.label : key);
    const size = Number(attrs.count ?? attrs.size ?? attrs.chatters ?? NaN);
    nodes.size.push(Number.isFinite(size) && size >= 0 ? size : NaN);
  });
  const edges: EdgeList = { file, source: [], target: [], weight: [], skipped: skipped() };
  graph.forEachEdge((key, a, source, target) => {
    const weight = Number(lowerKeys(a).weight ?? 1);
    if (login(source) === login(target) || !(weight > 0)) {
      skip(edges.skipped, file, 0, `edge ${key}: ${login(source) === login(target) ? "self loop" : "weight not positive"}`);
      return;
    }
    edges.source.push(login(source));
    edges.target.push(login(target));
    edges.weight.push(weight);
  });
  if (edges.source.length === 0 && nodes.id.length === 0) throw new InputError(`import: ${file} has no nodes`);
  return { edges, nodes };
}

function login(s: string | undefined): string {
  return (s ?? "").trim().toLowerCase();
}

function skip(skipped: SkippedRows, file: string, line: number, reason: string): void {
  skipped.count++;
  if (skipped.examples.length < MAX_EXAMPLES) skipped.examples.push(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
}

function findColumns<K extends string>(file: string, header: string[], names: Record<K, string[]>, required: NoInfer<K>[]): Record<K, number> {
  const fields = header.map((f) => f.trim().toLowerCase());
  const col = {} as Record<K, number>;
  for (const key of Object.keys(names) as K[]) col[key] = fields.findIndex((f) => names[key].includes(f));
  const missing = required.filter((k) => col[k] < 0);
  if (missing.length > 0) {
    throw new InputError(`import: ${file}:1: header ${JSON.stringify(header.join(","))} has no ${missing.join(" or ")} column (expected e.g. ${required.map((k) => names[k][0]).join(",")})`);
  }
  return col;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw new InputError(`import: cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}

async function readRecords(file: string) {
  return parseCsv(await readText(file));
}

function lowerKeys(a: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k.toLowerCase(), v]));
}
