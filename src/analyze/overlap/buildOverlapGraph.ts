/**
 * The channel overlap graph from the presence matrix: for every pair of channels sharing users, the unique shared
 * users and a weight (shared, repeat, jaccard or cosine), kept when the weight reaches the threshold, then
 * optionally reduced to its disparity-filter backbone (Serrano, Boguñá & Vespignani 2009, PNAS 106:6483).
 *
 * Cost is the sum over users of (channels per user)²: the matrix is transposed to user -> channels, and each
 * channel a gathers its neighbours b > a through its users into a dense accumulator with a touched list.
 * No loop over all pairs of channels, no hash map of pairs.
 */
import { ConfigError, WEIGHTINGS } from "../../core/index.js";
import type { CsrGraph } from "../graph/CsrGraph.js";
import type { OverlapGraph, PresenceMatrix } from "../types.js";
import { disparityBackbone } from "./disparityBackbone.js";

export type Weighting = (typeof WEIGHTINGS)[number];

export interface OverlapOptions {
  /**
   * shared: |A∩B| unique shared users; repeat: Σ over shared users of min(days in A, days in B);
   * jaccard: |A∩B| / |A∪B|; cosine: |A∩B| / √(|A|·|B|).
   */
  weighting: Weighting;
  /** Keep an edge when its weight (under the weighting) is >= threshold. Pairs with no shared user never are edges. */
  threshold: number;
  /** Disparity-filter significance; 0 = no backbone. An edge stays when significant for either endpoint. */
  backboneAlpha: number;
}

export const DEFAULTS: OverlapOptions = { weighting: "shared", threshold: 1, backboneAlpha: 0 };

export function resolveOverlapOptions(options: Partial<OverlapOptions> = {}): OverlapOptions {
  const o: OverlapOptions = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const problems: string[] = [];
  if (!WEIGHTINGS.includes(o.weighting)) problems.push(`weighting: must be one of ${WEIGHTINGS.join(", ")}`);
  if (!(o.threshold >= 0 && Number.isFinite(o.threshold))) problems.push("threshold: must be a non-negative number");
  if (!(o.backboneAlpha >= 0 && o.backboneAlpha <= 1)) problems.push("backboneAlpha: must be within 0..1");
  if (problems.length) throw new ConfigError(`overlap: invalid options: ${problems.join("; ")}`, problems);
  return o;
}

export function buildOverlapGraph(matrix: PresenceMatrix, options: Partial<OverlapOptions> = {}): OverlapGraph {
  const o = resolveOverlapOptions(options);
  const channelCount = matrix.channels.length;
  const sizes = new Float64Array(channelCount);
  for (let c = 0; c < channelCount; c++) sizes[c] = matrix.offsets[c + 1] - matrix.offsets[c];
  const t = transpose(matrix);
  const weightOf = weightFunction(o.weighting, sizes);
  const repeat = o.weighting === "repeat";

  const shared = new Int32Array(channelCount);
  const repeatSum = repeat ? new Float64Array(channelCount) : null;
  const touched = new Int32Array(channelCount);
  const edges = new EdgeBuffer(Math.max(16, channelCount * 4));
  for (let a = 0; a < channelCount; a++) {
    let touchedCount = 0;
    for (let i = matrix.offsets[a]; i < matrix.offsets[a + 1]; i++) {
      const u = matrix.userIndex[i];
      const daysA = matrix.days[i];
      const end = t.offsets[u + 1];
      // Only channels after a in the user's (ascending) list: each pair is gathered once, from its lower end.
      for (let j = t.position[i] + 1; j < end; j++) {
        const b = t.channel[j];
        if (shared[b]++ === 0) touched[touchedCount++] = b;
        if (repeatSum) repeatSum[b] += Math.min(daysA, t.days[j]);
      }
    }
    // NOTE: sorting the touched list keeps edges in (source, target) order, so CSR rows come out sorted.
    touched.subarray(0, touchedCount).sort();
    for (let k = 0; k < touchedCount; k++) {
      const b = touched[k];
      const weight = repeatSum ? repeatSum[b] : weightOf(a, b, shared[b]);
      if (weight >= o.threshold) edges.push(a, b, weight, shared[b]);
      shared[b] = 0;
      if (repeatSum) repeatSum[b] = 0;
    }
  }
  let kept = edges.finish();
  if (o.backboneAlpha > 0) kept = disparityBackbone(channelCount, kept, o.backboneAlpha);
  return {
    channels: matrix.channels,
    sizes,
    graph: csrFromSortedEdges(channelCount, kept.source, kept.target, kept.weight),
    edges: kept,
    weighting: o.weighting,
  };
}

/**
 * user -> channels CSR (channels ascending per user, with that cell's days) and, for every matrix cell, its
 * position in the transposed arrays.
 */
function transpose(m: PresenceMatrix): { offsets: Int32Array; channel: Int32Array; days: Uint16Array; position: Int32Array } {
  const nnz = m.userIndex.length;
  const offsets = new Int32Array(m.userCount + 1);
  for (let i = 0; i < nnz; i++) offsets[m.userIndex[i] + 1]++;
  for (let u = 0; u < m.userCount; u++) offsets[u + 1] += offsets[u];
  const cursor = offsets.slice(0, m.userCount);
  const channel = new Int32Array(nnz);
  const days = new Uint16Array(nnz);
  const position = new Int32Array(nnz);
  for (let c = 0; c < m.channels.length; c++) {
    for (let i = m.offsets[c]; i < m.offsets[c + 1]; i++) {
      const at = cursor[m.userIndex[i]]++;
      channel[at] = c;
      days[at] = m.days[i];
      position[i] = at;
    }
  }
  return { offsets, channel, days, position };
}

function weightFunction(weighting: Weighting, sizes: Float64Array): (a: number, b: number, shared: number) => number {
  switch (weighting) {
    case "jaccard":
      return (a, b, s) => s / (sizes[a] + sizes[b] - s);
    case "cosine":
      return (a, b, s) => s / Math.sqrt(sizes[a] * sizes[b]);
    default:
      return (_a, _b, s) => s;
  }
}

export interface EdgeList {
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  shared: Float64Array;
}

class EdgeBuffer {
  private list: EdgeList;
  private n = 0;

  constructor(capacity: number) {
    this.list = { source: new Int32Array(capacity), target: new Int32Array(capacity), weight: new Float64Array(capacity), shared: new Float64Array(capacity) };
  }

  push(source: number, target: number, weight: number, shared: number): void {
    if (this.n === this.list.source.length) this.grow();
    const l = this.list;
    l.source[this.n] = source;
    l.target[this.n] = target;
    l.weight[this.n] = weight;
    l.shared[this.n++] = shared;
  }

  finish(): EdgeList {
    const { source, target, weight, shared } = this.list;
    const n = this.n;
    return { source: source.slice(0, n), target: target.slice(0, n), weight: weight.slice(0, n), shared: shared.slice(0, n) };
  }

  private grow(): void {
    const size = this.list.source.length * 2;
    const grown = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    const l = this.list;
    this.list = {
      source: grown(l.source, (n) => new Int32Array(n)),
      target: grown(l.target, (n) => new Int32Array(n)),
      weight: grown(l.weight, (n) => new Float64Array(n)),
      shared: grown(l.shared, (n) => new Float64Array(n)),
    };
  }
}

/**
 * CSR from unique edges listed in (source, target) order with source < target, in one pass: node v's row gets
 * its lower neighbours while earlier sources are read, then its higher ones, so every row is already sorted.
 */
function csrFromSortedEdges(n: number, source: Int32Array, target: Int32Array, weight: Float64Array): CsrGraph {
  const m = source.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    offsets[source[e] + 1]++;
    offsets[target[e] + 1]++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(2 * m);
  const weights = new Float64Array(2 * m);
  for (let e = 0; e < m; e++) {
    const u = source[e];
    const v = target[e];
    targets[cursor[u]] = v;
    weights[cursor[u]++] = weight[e];
    targets[cursor[v]] = u;
    weights[cursor[v]++] = weight[e];
  }
  return { n, offsets, targets, weights };
}
