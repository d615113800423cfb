/**
 * `vieweratlas serve`: a node:http server for the web map and a small read-only JSON API over the lake's runs.
 * Static files come from the built app held in memory (no file-system paths from requests); run ids and file
 * names are checked by RunCatalog; every response carries the security headers below. Binds 127.0.0.1 by default
 * and then answers only requests addressed to a loopback host name (DNS rebinding).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { type Logger, silentLogger } from "../core/index.js";
import type { LakeStore } from "../lake/index.js";
import { topNeighbours } from "./app/adjacency.js";
import { readAppFiles } from "./build.js";
import { isDownloadFile, RunCatalog } from "./runCatalog.js";

const gzipAsync = promisify(gzip);

export const SERVE_DEFAULTS = { port: 8080, host: "127.0.0.1", neighbourLimit: 10, maxNeighbourLimit: 1000 } as const;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const FILE_TYPES: Record<string, string> = {
  png: "image/png",
  svg: "image/svg+xml",
  gexf: "application/xml; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};
const JSON_TYPE = "application/json; charset=utf-8";

export interface ServeOptions {
  port?: number;
  host?: string;
  /** Folder of the built app (ensureWebApp().dir). */
  appDir: string;
  logger?: Logger;
}

export interface AtlasServer {
  /** http://host:port/ */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: Uint8Array;
  type: string;
  headers?: Record<string, string>;
  /** Worth gzipping (text) when the client accepts it. */
  compressible?: boolean;
}

export async function startAtlasServer(lake: LakeStore, options: ServeOptions): Promise<AtlasServer> {
  const host = options.host ?? SERVE_DEFAULTS.host;
  const logger = options.logger ?? silentLogger();
  const handler = await createAtlasHandler(lake, { appDir: options.appDir, logger, loopbackOnly: isLoopback(host) });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? SERVE_DEFAULTS.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request handler (exported for tests that bring their own server). */
export async function createAtlasHandler(
  lake: LakeStore,
  options: { appDir: string; logger?: Logger; loopbackOnly?: boolean },
): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const logger = options.logger ?? silentLogger();
  const catalog = new RunCatalog(lake);
  const app = await readAppFiles(options.appDir);
  // The app's files are packed once up front (the first page load does not wait on gzip); run files as asked.
  const packedApp = new Map<string, Buffer>();
  for (const asset of app.values()) packedApp.set(etagOf(asset.body), await gzipAsync(asset.body, { level: 9 }));
  const packing: GzipCache = { packed: new Map(packedApp), keep: new Set(packedApp.keys()) };

  const route = async (req: IncomingMessage): Promise<Reply> => {
    if (options.loopbackOnly && !isLoopbackHostHeader(req.headers.host)) return error(403, "this server answers only requests to localhost");
    if (req.method !== "GET" && req.method !== "HEAD") return { ...error(405, "only GET and HEAD"), headers: { Allow: "GET, HEAD" } };
    const segments = pathSegments(req.url ?? "/");
    if (!segments) return error(400, "malformed path");
    const path = "/" + segments.join("/");
    const asset = app.get(path);
    if (asset) return { status: 200, body: asset.body, type: asset.type, compressible: true, headers: { "Cache-Control": "no-cache" } };
    if (segments[0] !== "api" || segments[1] !== "runs") return error(404, "not found");
    if (segments.length === 2) return json(await catalog.list());

    const runId = await catalog.resolve(segments[2]);
    if (!runId) return error(404, "no such run");
    const [, , , what, name, ...rest] = segments;
    if (rest.length > 0) return error(404, "not found");
    if (what === "graph" && name === undefined) {
      const bytes = await catalog.bundleBytes(runId);
      return bytes ? { status: 200, body: bytes, type: JSON_TYPE, compressible: true, headers: { "Cache-Control": "no-cache" } } : error(404, "this run has no web bundle (analysed with --no-render)");
    }
    if (what === "channels" && name !== undefined) {
      const loaded = await catalog.loaded(runId);
      if (!loaded) return error(404, "this run has no web bundle");
      const index = loaded.indexOf.get(name) ?? loaded.indexOfLower.get(name.toLowerCase());
      if (index === undefined) return error(404, "no such channel in this run");
      const limit = neighbourLimit(new URL(req.url ?? "/", "http://localhost").searchParams.get("limit"));
      if (limit === null) return error(400, `limit must be a whole number from 1 to ${SERVE_DEFAULTS.maxNeighbourLimit}`);
      const { nodes, edges } = loaded.bundle;
      const [id, label, community, size, , , game, language] = nodes[index];
      const degree = loaded.adjacency.offsets[index + 1] - loaded.adjacency.offsets[index];
      return json({ runId, channel: { id, label, community, size, game, language }, degree, neighbours: topNeighbours(loaded.adjacency, nodes, edges, index, limit) });
    }
    if (what === "files" && name !== undefined) {
      if (!isDownloadFile(name)) return error(404, "not a run file");
      const bytes = await catalog.file(runId, name);
      if (!bytes) return error(404, "this run has no such file");
      const ext = name.split(".").pop()!;
      return {
        status: 200,
        body: bytes,
        type: FILE_TYPES[ext],
        compressible: ext !== "png",
        headers: { "Cache-Control": "no-cache", "Content-Disposition": `attachment; filename="${runId}-${name}"` },
      };
    }
    return error(404, "not found");
  };

  return async (req, res) => {
    let reply: Reply;
    try {
      reply = await route(req);
    } catch (e) {
      // Details go to the log only: an error message may name the lake's location.
      logger.error({ err: e, url: req.url }, "web: request failed");
      reply = error(500, "internal error");
    }
    try {
      await send(req, res, reply, packing);
    } catch (e) {
      logger.warn({ err: e, url: req.url }, "web: sending a response failed");
      res.destroy();
    }
  };
}

/** Gzipped bodies by ETag: the app's files (kept) and the last few run files. */
interface GzipCache {
  packed: Map<string, Buffer>;
  keep: Set<string>;
}
const GZIP_CACHE_ENTRIES = 16;

async function send(req: IncomingMessage, res: ServerResponse, reply: Reply, cache: GzipCache): Promise<void> {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, "Content-Type": reply.type, ...reply.headers };
  if (!headers["Cache-Control"]) headers["Cache-Control"] = "no-store";
  let body: Uint8Array = reply.body;
  if (reply.status === 200) {
    const etag = etagOf(reply.body);
    headers.ETag = etag;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    if (reply.compressible) headers.Vary = "Accept-Encoding";
    if (reply.compressible && reply.body.length > 1024 && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      let packed = cache.packed.get(etag);
      if (!packed) {
        packed = await gzipAsync(reply.body, { level: 6 });
        cache.packed.set(etag, packed);
        for (const key of cache.packed.keys()) {
          if (cache.packed.size <= GZIP_CACHE_ENTRIES) break;
          if (!cache.keep.has(key)) cache.packed.delete(key);
        }
      }
      body = packed;
      headers["Content-Encoding"] = "gzip";
    }
  }
  headers["Content-Length"] = String(body.length);
  res.writeHead(reply.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * Decoded path segments, or null when a segment is not valid percent-encoding, or is `.`/`..`, or holds a slash,
 * backslash or NUL once decoded. The one exception is a channel login (api/runs/<id>/channels/<login>): imported
 * ids may hold any character, and a login is only ever looked up in a map, never used as a path.
 */
export function pathSegments(url: string): string[] | null {
  const raw = url.split(/[?#]/, 1)[0].split("/").filter((s) => s !== "");
  const segments: string[] = [];
  for (let k = 0; k < raw.length; k++) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw[k]);
    } catch {
      return null;
    }
    const isLogin = k === 4 && raw.length === 5 && raw[0] === "api" && raw[1] === "runs" && raw[3] === "channels";
    if (!isLogin && (/[/\\\0]/.test(segment) || segment === "." || segment === "..")) return null;
    segments.push(segment);
  }
  return segments;
}

function etagOf(body: Uint8Array): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

function neighbourLimit(value: string | null): number | null {
  if (value === null) return SERVE_DEFAULTS.neighbourLimit;
  if (!/^\d{1,4}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= SERVE_DEFAULTS.maxNeighbourLimit ? n : null;
}

function json(value: unknown): Reply {
  return { status: 200, body: Buffer.from(JSON.stringify(value)), type: JSON_TYPE, compressible: true, headers: { "Cache-Control": "no-cache" } };
}

function error(status: number, message: string): Reply {
  return { status, body: Buffer.from(JSON.stringify({ error: message })), type: JSON_TYPE };
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d+$/, "");
  return isLoopback(name.toLowerCase());
}
