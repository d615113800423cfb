/**
 * Community numbering helpers shared by the algorithms. Ids may be any integers >= 0; negative ids
 * (unassigned) are kept as -1.
 */
import { UNASSIGNED } from "../../core/index.js";
import type { CsrGraph } from "../graph/CsrGraph.js";

/** Renumbers communities 0..count-1 in order of their first node. */
export function renumberByFirstOccurrence(membership: ArrayLike<number>): { membership: Int32Array; count: number } {
  const n = membership.length;
  let maxId = -1;
  for (let v = 0; v < n; v++) if (membership[v] > maxId) maxId = membership[v];
  // NOTE: a typed lookup table is much faster than a Map in the Leiden loop, where ids are always < n.
  const lookup = maxId <= 4 * n + 1024 ? new Int32Array(maxId + 1).fill(-1) : null;
  const ids = lookup === null ? new Map<number, number>() : null;
  const out = new Int32Array(n);
  let count = 0;
  for (let v = 0; v < n; v++) {
    const c = membership[v];
    if (c < 0) {
      out[v] = UNASSIGNED;
      continue;
    }
    let id = lookup !== null ? lookup[c] : (ids!.get(c) ?? -1);
    if (id < 0) {
      id = count++;
      if (lookup !== null) lookup[c] = id;
      else ids!.set(c, id);
    }
    out[v] = id;
  }
  return { membership: out, count };
}

/** Renumbers communities 0..count-1 by decreasing size; equal sizes keep the order of their first node. */
export function renumberBySize(membership: ArrayLike<number>): { membership: Int32Array; count: number; sizes: Int32Array } {
  const first = renumberByFirstOccurrence(membership);
  const sizes = communitySizes(first.membership, first.count);
  const order = Int32Array.from({ length: first.count }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rank = new Int32Array(first.count);
  const sortedSizes = new Int32Array(first.count);
  for (let r = 0; r < order.length; r++) {
    rank[order[r]] = r;
    sortedSizes[r] = sizes[order[r]];
  }
  const out = first.membership;
  for (let v = 0; v < out.length; v++) if (out[v] >= 0) out[v] = rank[out[v]];
  return { membership: out, count: first.count, sizes: sortedSizes };
}

/** Members per community for ids 0..count-1 (unassigned nodes are not counted). */
export function communitySizes(membership: ArrayLike<number>, count: number): Int32Array {
  const sizes = new Int32Array(count);
  for (let v = 0; v < membership.length; v++) if (membership[v] >= 0) sizes[membership[v]]++;
  return sizes;
}

/**
 * Splits every community into its connected parts (unassigned nodes stay -1). Parts are numbered by their
 * first node. Splitting a disconnected community never lowers modularity: no edge runs between its parts.
 */
export function splitDisconnectedCommunities(graph: CsrGraph, membership: ArrayLike<number>): { membership: Int32Array; count: number } {
  const { n, offsets, targets } = graph;
  const parts = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    const c = membership[s];
    if (c < 0 || parts[s] >= 0) continue;
    const part = count++;
    parts[s] = part;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const u = stack[--top];
      for (let i = offsets[u]; i < offsets[u + 1]; i++) {
        const t = targets[i];
        if (parts[t] < 0 && membership[t] === c) {
          parts[t] = part;
          stack[top++] = t;
        }
      }
    }
  }
  return { membership: parts, count };
}
