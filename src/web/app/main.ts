/**
 * The web map's entry point: finds the data (server API or static site), draws the chosen run, and wires the
 * search box, community list, panels and run picker. `window.__atlas` exposes the app's state for the browser
 * tests; `body[data-ready]` names the run once its first frame is drawn.
 */
import { type BundleAdjacency, buildAdjacency, topNeighbours } from "./adjacency.js";
import type { BundleCommunity, WebBundle } from "./bundleTypes.js";
import { markHighlighted, renderCommunityList } from "./communityList.js";
import { type DataSource, openDataSource } from "./dataSource.js";
import { byId } from "./dom.js";
import { AtlasMap } from "./mapView.js";
import { type PanelActions, renderChannelPanel, renderCommunityPanel } from "./panels.js";
import { renderDownloads, renderRunPicker } from "./runPicker.js";
import { attachSearch } from "./search.js";
import { buildSearchIndex, searchChannels } from "./searchIndex.js";

const NEIGHBOURS_SHOWN = 10;

interface Shown {
  runId: string;
  bundle: WebBundle;
  adjacency: BundleAdjacency;
  indexOf: Map<string, number>;
  communities: Map<number, BundleCommunity>;
}

async function start(): Promise<void> {
  const status = byId("status");
  const body = document.body;
  const panel = byId("panel");
  const communityList = byId("community-list");
  const runSelect = byId<HTMLSelectElement>("run-select");
  let shown: Shown | null = null;
  let highlightedCommunity: number | null = null;
  let selected: number | null = null;
  let openMs: number | null = null;

  const map = new AtlasMap(byId("map"), {
    onClickNode: (i) => selectChannel(i),
    onClickStage: () => clearSelection(),
  });
  const search = attachSearch(byId<HTMLInputElement>("search-input"), byId<HTMLUListElement>("search-list"), (i) => selectChannel(i));

  const actions: PanelActions = {
    selectChannel: (i) => selectChannel(i),
    showCommunity: (id) => showCommunity(id, true),
    close: () => clearSelection(),
  };

  function selectChannel(index: number): void {
    if (!shown) return;
    selected = index;
    highlightedCommunity = null;
    markHighlighted(communityList, null);
    const { bundle, adjacency } = shown;
    const degree = adjacency.offsets[index + 1] - adjacency.offsets[index];
    const neighbours = topNeighbours(adjacency, bundle.nodes, bundle.edges, index, NEIGHBOURS_SHOWN);
    map.select(index, neighbours.map((n) => n.index));
    renderChannelPanel(panel, bundle, index, neighbours, degree, (id) => shown?.communities.get(id), actions);
    writeHash();
  }

  function showCommunity(id: number, highlight: boolean): void {
    const community = shown?.communities.get(id);
    if (!shown || !community) return;
    selected = null;
    highlightedCommunity = highlight ? id : null;
    markHighlighted(communityList, highlightedCommunity);
    map.highlightCommunity(highlightedCommunity);
    renderCommunityPanel(panel, shown.bundle, community, actions, shown.indexOf);
    writeHash();
  }

  function clearSelection(): void {
    selected = null;
    highlightedCommunity = null;
    markHighlighted(communityList, null);
    map.select(null);
    panel.hidden = true;
    panel.replaceChildren();
    writeHash();
  }

  function writeHash(): void {
    if (!shown) return;
    const params = new URLSearchParams({ run: shown.runId });
    if (selected !== null) params.set("channel", shown.bundle.nodes[selected][0]);
    history.replaceState(null, "", `#${params.toString()}`);
  }

  async function showRun(source: DataSource, runId: string, channel: string | null = null): Promise<void> {
    body.removeAttribute("data-ready");
    status.textContent = "Loading the map…";
    const bundle = await source.loadBundle(runId);
    performance.mark("atlas:bundle");
    const indexOf = new Map<string, number>();
    bundle.nodes.forEach((n, i) => indexOf.set(n[0], i));
    const adjacency = buildAdjacency(bundle.nodes.length, bundle.edges);
    shown = { runId, bundle, adjacency, indexOf, communities: new Map(bundle.communities.map((c) => [c.id, c])) };
    selected = null;
    highlightedCommunity = null;
    panel.hidden = true;
    panel.replaceChildren();
    const colorOf = (id: number) => shown?.communities.get(id)?.color ?? bundle.unassignedColor.dark;
    search.setNodes(bundle.nodes, colorOf);
    renderCommunityList(communityList, bundle.communities, {
      toggleHighlight: (id) => (highlightedCommunity === id ? clearSelection() : showCommunity(id, true)),
      setHidden: (id, hide) => map.setCommunityHidden(id, hide),
    });
    renderRunPicker(runSelect, source.runs.runs, runId, source.runs.latest);
    renderDownloads(byId("downloads"), runId, source.fileUrl);
    byId("run-summary").textContent =
      `${bundle.nodes.length.toLocaleString("en")} channels · ${bundle.edges.length.toLocaleString("en")} overlaps · ${bundle.communities.length} communities`;
    performance.mark("atlas:panels");
    await map.load(bundle, adjacency);
    performance.mark("atlas:drawn");
    const channelIndex = channel === null ? undefined : (indexOf.get(channel) ?? indexOf.get(channel.toLowerCase()));
    if (channelIndex !== undefined) selectChannel(channelIndex);
    else writeHash();
    status.textContent = "";
    openMs ??= performance.now();
    body.setAttribute("data-ready", runId);
  }

  let source: DataSource;
  try {
    performance.mark("atlas:start");
    source = await openDataSource();
    performance.mark("atlas:runs");
  } catch (error) {
    status.textContent = `Cannot load the runs: ${(error as Error).message}`;
    return;
  }
  if (source.runs.runs.length === 0) {
    status.textContent = "No analysis run yet: run `vieweratlas demo` or `vieweratlas analyze`.";
    return;
  }
  const hash = new URLSearchParams(location.hash.slice(1));
  const wanted = hash.get("run");
  const first = wanted && source.runs.runs.some((r) => r.id === wanted) ? wanted : (source.runs.latest ?? source.runs.runs[0].id);

  const load = (runId: string, channel: string | null = null) =>
    showRun(source, runId, channel).catch((error: Error) => {
      status.textContent = `Cannot show run ${runId}: ${error.message}`;
    });

  runSelect.addEventListener("change", () => void load(runSelect.value));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      clearSelection();
      byId("search-input").focus();
    }
  });
  byId("map").addEventListener("keydown", (event) => {
    if (!event.ctrlKey && !event.metaKey && !event.altKey && map.handleKey(event.key)) event.preventDefault();
  });

  const hook = {
    get ready() {
      return body.hasAttribute("data-ready");
    },
    get runId() {
      return shown?.runId ?? null;
    },
    get mode() {
      return source.mode;
    },
    get openMs() {
      return openMs;
    },
    lastSearchMs: () => search.lastLatencyMs(),
    /** Logins the search box would suggest for a query. */
    search: (query: string) => (shown ? searchChannels(buildSearchIndex(shown.bundle.nodes), query).map((i) => shown!.bundle.nodes[i][0]) : []),
    selected: () => (shown && selected !== null ? shown.bundle.nodes[selected][0] : null),
    isHidden: (login: string) => {
      const i = shown?.indexOf.get(login);
      return i !== undefined && map.isHidden(i);
    },
    isHighlighted: (login: string) => {
      const i = shown?.indexOf.get(login);
      return i !== undefined && map.isHighlighted(i);
    },
    hiddenCommunities: () => map.hiddenCommunities(),
    loadRun: (runId: string) => load(runId),
  };
  (window as unknown as { __atlas: typeof hook }).__atlas = hook;
  await load(first, hash.get("channel"));
}

void start();
