/**
 * The web bundle's types as the app reads them (docs/web-bundle.md). Type-only: nothing of render reaches the
 * browser bundle.
 */
export type { WebBundle, BundleNode, BundleEdge, BundleCommunity } from "../../render/index.js";

/** One run as /api/runs and runs.json list it. */
export interface RunListing {
  id: string;
  createdAt: string;
  channels: number;
  edges: number;
  communities: number;
  /** What the run was made from (file names, or the lake's days), for the run picker. */
  input: string;
}

/** The body of GET /api/runs and of a static site's runs.json. */
export interface RunList {
  latest: string | null;
  runs: RunListing[];
}

/** Files of a run the map links for download (and the server and export-site serve), in display order. */
export const DOWNLOAD_FILES = ["atlas.png", "atlas.svg", "graph.gexf", "nodes.csv", "edges.csv", "communities.json"] as const;
export type DownloadFile = (typeof DOWNLOAD_FILES)[number];

/** The web bundle's file name in a run folder. */
export const BUNDLE_FILE = "web.json";
