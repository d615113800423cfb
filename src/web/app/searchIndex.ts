/**
 * Channel search for the map's search box: prefix matches of login or display name first, then substring
 * matches, each group by audience (largest first). One lower-cased pass over the nodes is built per run.
 */
import type { BundleNode } from "./bundleTypes.js";

export interface SearchIndex {
  logins: string[];
  labels: string[];
  sizes: Float64Array;
}

export function buildSearchIndex(nodes: readonly BundleNode[]): SearchIndex {
  const sizes = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) sizes[i] = nodes[i][3];
  return { logins: nodes.map((n) => n[0].toLowerCase()), labels: nodes.map((n) => n[1].toLowerCase()), sizes };
}

/** Node indices matching `query` (case-insensitive, trimmed), best first, at most `limit`. */
export function searchChannels(index: SearchIndex, query: string, limit = 10): number[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const prefix: number[] = [];
  const substring: number[] = [];
  for (let i = 0; i < index.logins.length; i++) {
    const login = index.logins[i];
    const label = index.labels[i];
    if (login.startsWith(q) || label.startsWith(q)) prefix.push(i);
    else if (login.includes(q) || label.includes(q)) substring.push(i);
  }
  const bySize = (a: number, b: number) => index.sizes[b] - index.sizes[a] || a - b;
  prefix.sort(bySize);
  if (prefix.length >= limit) return prefix.slice(0, limit);
  substring.sort(bySize);
  return prefix.concat(substring.slice(0, limit - prefix.length));
}
