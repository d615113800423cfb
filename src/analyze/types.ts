/**
 * The records passed between analysis stages: aggregate → overlap → communities → labels → outputs.
 * Everything per user is a typed array; nothing allocates an object per user.
 */
import type { CsrGraph } from "./graph/CsrGraph.js";

export interface ChannelInfo {
  login: string;
  displayName: string;
  gameName: string | null;
  language: string | null;
  /** Highest viewer count seen in the window, when known. */
  maxViewers: number | null;
}

/** What each filter removed, and what was read; goes into summary.json and the CLI report. */
export interface DataQualityReport {
  rows: number;
  channels: number;
  users: number;
  days: number;
  bySource: Record<string, { rows: number; channels: number; users: number }>;
  filters: { name: string; removedUsers: number; removedChannels: number; removedRows: number; detail?: string }[];
  skipped: { what: string; count: number; examples: string[] }[];
}

/**
 * Channel × user incidence as CSR over channels: channel c's users are userIndex[offsets[c]..offsets[c+1]],
 * each with the number of distinct days they were present (`days`, same positions).
 */
export interface PresenceMatrix {
  channels: ChannelInfo[];
  userCount: number;
  offsets: Int32Array;
  userIndex: Int32Array;
  days: Uint16Array;
  since: string | null;
  until: string | null;
  report: DataQualityReport;
}

/**
 * The overlap graph: `graph` carries the chosen weighting and drives community detection; `edges` lists each
 * undirected edge once (source < target) with the raw counts behind it.
 */
export interface OverlapGraph {
  channels: ChannelInfo[];
  /** Unique users (or imported size) per channel. */
  sizes: Float64Array;
  graph: CsrGraph;
  edges: {
    source: Int32Array;
    target: Int32Array;
    weight: Float64Array;
    /** Unique shared users; NaN when unknown (imported graphs). */
    shared: Float64Array;
  };
  weighting: string;
}

/** Result of one community detection. */
export interface Partition {
  /** Community per node, 0..count-1 (before the min-size cut), or -1 unassigned after it. */
  membership: Int32Array;
  count: number;
  modularity: number;
  algorithm: string;
  seed: number;
  resolution: number;
  /** Per community, with consensus runs: how often its members stayed together. */
  stability: Float64Array | null;
}
