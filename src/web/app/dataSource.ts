/**
 * Where the map's data comes from: the server's API (`vieweratlas serve`) or a static site's files
 * (`vieweratlas export-site`), found by asking for api/runs first. URLs are relative to the page, so a static
 * site works under any path of any host.
 */
import type { RunList, WebBundle } from "./bundleTypes.js";

export interface DataSource {
  mode: "api" | "static";
  runs: RunList;
  bundleUrl(runId: string): string;
  fileUrl(runId: string, name: string): string;
  loadBundle(runId: string): Promise<WebBundle>;
}

export async function openDataSource(): Promise<DataSource> {
  // A static host may answer api/runs with an HTML error page: only a JSON answer means a server.
  const api = await fetchJson<RunList>("api/runs", true);
  if (api) return source("api", api, (id) => `api/runs/${encodeURIComponent(id)}/graph`, (id, name) => `api/runs/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`);
  const list = await fetchJson<RunList>("runs.json");
  if (!list) throw new Error("no runs: neither api/runs nor runs.json answered");
  return source("static", list, (id) => `runs/${encodeURIComponent(id)}/web.json`, (id, name) => `runs/${encodeURIComponent(id)}/${encodeURIComponent(name)}`);
}

function source(mode: DataSource["mode"], runs: RunList, bundleUrl: DataSource["bundleUrl"], fileUrl: DataSource["fileUrl"]): DataSource {
  return {
    mode,
    runs,
    bundleUrl,
    fileUrl,
    async loadBundle(runId) {
      const bundle = await fetchJson<WebBundle>(bundleUrl(runId));
      if (!bundle || !Array.isArray(bundle.nodes) || !Array.isArray(bundle.edges)) throw new Error(`run ${runId} has no web map data`);
      return bundle;
    },
  };
}

async function fetchJson<T>(url: string, requireJsonType = false): Promise<T | null> {
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) return null;
    if (requireJsonType && !(response.headers.get("content-type") ?? "").includes("json")) return null;
    return (await response.json()) as T;
  } catch {
    return null;
  }
}
