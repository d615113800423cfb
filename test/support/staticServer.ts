/**
 * A plain static file server for tests of `export-site` output, standing in for S3 + CDN: files by extension,
 * 404 for anything else, nothing outside its folder.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".csv": "text/csv",
  ".gexf": "application/xml",
};

export async function startStaticServer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const base = path.resolve(root);
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const file = path.resolve(base, "." + (pathname.endsWith("/") ? `${pathname}index.html` : pathname));
    if (!file.startsWith(base + path.sep)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404, { "Content-Type": "text/html" }).end("<h1>Not found</h1>"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}
