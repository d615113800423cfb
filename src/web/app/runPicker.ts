/** The run picker (every run in the lake, newest first) and the download links of the shown run. */
import { DOWNLOAD_FILES, type RunListing } from "./bundleTypes.js";
import { el } from "./dom.js";

const FILE_TITLES: Record<string, string> = {
  "atlas.png": "Image (PNG)",
  "atlas.svg": "Image (SVG)",
  "graph.gexf": "Graph (GEXF, Gephi)",
  "nodes.csv": "Channels (CSV)",
  "edges.csv": "Overlaps (CSV)",
  "communities.json": "Communities (JSON)",
};

export function renderRunPicker(select: HTMLSelectElement, runs: readonly RunListing[], current: string, latest: string | null): void {
  select.replaceChildren(
    ...runs.map((r) => {
      const when = r.createdAt ? r.createdAt.replace("T", " ").slice(0, 16) : r.id;
      const text = `${when} · ${r.input || "run"} · ${r.channels.toLocaleString("en")} channels${r.id === latest ? " (latest)" : ""}`;
      const option = el("option", { value: r.id }, text);
      option.selected = r.id === current;
      return option;
    }),
  );
}

export function renderDownloads(nav: HTMLElement, runId: string, fileUrl: (runId: string, name: string) => string): void {
  nav.replaceChildren(
    el("span", { class: "downloads-title" }, "Download"),
    ...DOWNLOAD_FILES.map((name) => el("a", { href: fileUrl(runId, name), download: `${runId}-${name}`, title: FILE_TITLES[name], "data-file": name }, name)),
  );
}
